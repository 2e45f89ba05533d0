"""Settings precedence: defaults < file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.settings import SETTINGS_TABLE, Settings, load_settings


def test_every_setting_has_a_field_and_help() -> None:
    fields = set(Settings.__dataclass_fields__)
    for spec in SETTINGS_TABLE:
        assert spec.name in fields
        assert spec.help
        assert getattr(Settings(), spec.name) == spec.default


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "eventwire.toml"
    config.write_text("[eventwire]\nbatch_size = 4\ndb = 'file.db'\n")
    assert load_settings(config).batch_size == 4
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "8")
    assert load_settings(config).batch_size == 8
    assert load_settings(config, batch_size=2).batch_size == 2
    assert load_settings(config).db == "file.db"
    assert load_settings(config, db=None).db == "file.db"


def test_digest_changes_with_settings() -> None:
    assert Settings().digest() != Settings(batch_size=3).digest()


def test_corpus_fields_parse_and_refuse_nonsense() -> None:
    assert Settings(corpus_fields="text=body, id=uuid").field_map() == {"text": "body", "id": "uuid"}
    assert Settings().field_map() == {}
    with pytest.raises(ValueError, match="ours=theirs"):
        Settings(corpus_fields="colour=body").field_map()


def test_the_settings_reference_is_written_from_the_table() -> None:
    from pathlib import Path

    from eventwire.settings import SETTINGS_TABLE, settings_reference

    doc = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
    assert doc.read_text(encoding="utf-8") == settings_reference(), (
        "docs/settings.md is stale: python -m eventwire.settings > docs/settings.md"
    )
    assert all(f"`{spec.name}`" in doc.read_text(encoding="utf-8") for spec in SETTINGS_TABLE)
