"""The sample kits are drafts, honestly: each has its reasons, and every contact it lists cites
a public source and is marked unchecked (nobody has called the numbers yet)."""

from __future__ import annotations

from kitgen.errors import Report
from kitgen.pipeline.readiness import kit_draft_reasons
from kitgen.project import load_project
from tests.conftest import REPO

WITHOUT_CONTACTS = {"am", "tj", "tm", "uz"}  # no public source found; each kit file says why


def test_every_sample_kit_is_a_draft_with_located_reasons():
    project = load_project(REPO, Report())
    assert len(project.kits) == 12
    for kit_id, source in project.kits.items():
        reasons = kit_draft_reasons(project, kit_id)
        assert reasons, kit_id
        assert all(reason.location.path and reason.message for reason in reasons)
        kit_file = [r for r in reasons if r.location.path == str(source.path)]
        if kit_id in WITHOUT_CONTACTS:
            assert not source.kit.help
            assert any("lists no help contacts" in r.message for r in kit_file), kit_id
            assert "No help contacts yet" in source.path.read_text(encoding="utf-8")
        else:
            assert source.kit.help, kit_id
            unchecked = [r for r in kit_file if "has not been checked" in r.message]
            assert len(unchecked) == len(source.kit.help), kit_id
        for contact in source.kit.help:
            assert contact.verified is None  # honest: nobody has checked it
            assert contact.source.url.startswith(("https://", "http://")) and contact.source.quote
            assert contact.phone is None or contact.phone.replace(" ", "").replace("-", "") in contact.source.quote.replace(" ", "").replace("-", "") \
                or contact.phone in contact.source.quote, (kit_id, contact.name)
