"""MkDocs hooks: adds each language's school-year calendar to that language's build."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from macros.calendar_file import build_calendar, calendar_filename
from macros.playbook import load_playbook


# After the i18n plugin has sorted the files by language, which it cannot do for generated ones.
@event_priority(-100)
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    lang = (i18n.current_language if i18n else None) or "en"
    root = Path(config.config_file_path).parent
    playbook = load_playbook(root / "data", root)
    default = next((l.locale for l in i18n.config.languages if l.default), "en") if i18n else "en"
    prefix = "" if lang == default else f"{lang}/"
    files.append(File.generated(config, prefix + calendar_filename(lang), content=build_calendar(playbook, lang)))
    return files
