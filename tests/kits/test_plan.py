"""The build matrix and its shards."""

from __future__ import annotations

import json

import pytest

from kitgen.errors import OptionError, Report
from kitgen.pipeline.plan import Target, parse_shard, plan, shard
from kitgen.project import load_project
from tests.conftest import REPO


@pytest.fixture(scope="module")
def sample():
    return load_project(REPO, Report())


def test_plan_covers_every_kit_locale_in_order(sample):
    targets = plan(sample)
    assert [t.id for t in targets] == [
        "am/hy", "am/ru", "az/az", "az/ru", "by/be", "by/ru", "ge/ka", "kg/ky", "kg/ru", "kz/kk", "kz/ru",
        "md/ro", "md/ru", "ru/ru", "tj/tg", "tj/ru", "tm/tk", "ua/uk", "uz/uz-Latn", "uz/ru",
    ]
    assert [t.id for t in plan(sample, ["kz"])] == ["kz/kk", "kz/ru"]
    assert [t.id for t in plan(sample, None, ["ru"])] == [
        "am/ru", "az/ru", "by/ru", "kg/ru", "kz/ru", "md/ru", "ru/ru", "tj/ru", "uz/ru",
    ]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 9])
def test_shards_partition_the_plan(sample, count):
    targets = plan(sample)
    slices = [shard(targets, i, count) for i in range(1, count + 1)]
    flat = [t for s in slices for t in s]
    assert sorted(flat) == sorted(targets)
    assert len(flat) == len(set(flat)), "a target is in two shards"
    assert shard(targets, 1, count) == shard(list(targets), 1, count), "shards are stable"


@pytest.mark.parametrize("spec", ["5/4", "0/4", "1/0", "x", "2-4", ""])
def test_bad_shard_specs(spec):
    with pytest.raises(OptionError):
        parse_shard(spec)


def test_unknown_kit_and_locale(sample):
    with pytest.raises(OptionError, match="unknown kit 'kzz'; did you mean 'kz'"):
        plan(sample, ["kzz"])
    with pytest.raises(OptionError, match="no kit has locale 'en'"):
        plan(sample, None, ["en"])


def test_plan_json_for_a_ci_matrix(tiny):
    result = tiny.kitgen("plan", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"include": [{"kit": "tiny", "locale": "en"}, {"kit": "tiny", "locale": "hy"}]}
    shards = json.loads(tiny.kitgen("plan", "--json", "--shards", "3").output)
    assert shards == {"include": [{"shard": "1/3"}, {"shard": "2/3"}, {"shard": "3/3"}]}
    assert Target("tiny", "en").id == "tiny/en"
