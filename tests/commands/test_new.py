from kitgen.commands.new import new_story


def test_new_story_is_valid_and_has_one_of_everything(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kitgen.cli import cli
    from kitgen.model.story import ACTIVITY_TYPES

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    result = CliRunner().invoke(cli, ["new", "story", "my-story"])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(cli, ["check", "--strict"])
    assert check.exit_code == 0, check.output
    from kitgen.errors import Report
    from kitgen.project import load_project

    story = load_project(tmp_path, Report()).stories["my-story"].story
    assert story.story.id == "my-story"
    assert {a.type for a in story.activities} == set(ACTIVITY_TYPES)
    assert story.cards and story.lessons and story.characters and story.categories
    assert [page.lesson for page in story.home] == [lesson.id for lesson in story.lessons]
    assert all(len(page.questions) == 3 for page in story.home)


def test_new_story_refuses_to_overwrite_and_bad_ids(tmp_path):
    import pytest

    from kitgen.errors import OptionError, SourceError

    new_story(tmp_path, "one")
    with pytest.raises(SourceError, match="already exists"):
        new_story(tmp_path, "one")
    with pytest.raises(OptionError, match="not a valid story id"):
        new_story(tmp_path, "Bad Id")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one"]
