"""The effective mkdocs.yml of one language: the organiser's own file, plus what the
generated docs need (nav, theme layer, language, offline fonts, our CSS and JS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from confsite.i18n import Texts
from confsite.markup import theme_text

REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition")
CSS = ("assets/confsite/confsite.css", "assets/confsite/brand.css")
JAVASCRIPT = ("assets/confsite/schedule.js",)
LOCALE = {"zh": "zh_CN", "en": "en_GB"}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
# The search settings Material derives from the theme language, stated here: the plugin
# then skips compiling its language templates on every build (`confsite serve` rebuilds
# often). Chinese splits words on its own punctuation and the zero-width space that jieba's
# segmentation leaves between words.
SEARCH = {
    "zh": {
        "lang": ["en"],
        "separator": r"[\s\u200b\u3000\-、。，．？！；]+",
        "pipeline": ["stemmer"],
    },
    "en": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]},
}


def read_user_config(path: Path | None) -> dict[str, Any]:
    """The organiser's mkdocs.yml as MkDocs reads it (with !ENV and INHERIT)."""
    if path is None:
        return {}
    from mkdocs.utils.yaml import yaml_load

    with path.open("rb") as handle:
        return yaml_load(handle) or {}


def _extension_name(entry: Any) -> str:
    if isinstance(entry, dict):
        return next(iter(entry))
    return str(entry)


def _palette(primary: str, accent: str) -> list[dict[str, Any]]:
    return [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "custom",
            "accent": "custom",
            "toggle": {"icon": "material/weather-night", "name": "Dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "custom",
            "accent": "custom",
            "toggle": {"icon": "material/weather-sunny", "name": "Light mode"},
        },
    ]


def effective_config(
    *,
    user_file: Path | None,
    user: dict[str, Any],
    site_name: str,
    site_url: str,
    lang: str,
    languages: tuple[str, ...],
    default_language: str,
    docs_dir: Path,
    site_dir: Path,
    overrides: Path,
    nav: list[Any],
    conference: str,
    timezone: str,
    logo: str | None,
    favicon: str | None,
    primary: str,
    accent: str,
    copyright_text: str,
) -> dict[str, Any]:
    # MkDocs and Material print the site name, the copyright and nav titles unescaped.
    site_name = theme_text(site_name)
    copyright_text = theme_text(copyright_text)
    nav = _nav_text(nav)
    config: dict[str, Any] = {}
    if user_file is not None:
        config["INHERIT"] = str(user_file.resolve())
    theme = dict(user.get("theme") or {})
    theme_layer: dict[str, Any] = {
        "name": "material",
        "custom_dir": overrides.as_posix(),
        "language": lang,
        "font": False,
    }
    if logo and "logo" not in theme:
        theme_layer["logo"] = logo
    if favicon and "favicon" not in theme:
        theme_layer["favicon"] = favicon
    if "palette" not in theme:
        theme_layer["palette"] = _palette(primary, accent)
    extensions = list(user.get("markdown_extensions") or [])
    present = {_extension_name(entry) for entry in extensions}
    extensions += [name for name in REQUIRED_EXTENSIONS if name not in present]
    if "toc" not in present:
        extensions.append({"toc": {"permalink": True}})
    alternate = []
    for other in languages:
        if other == lang:
            link = "./"
        elif other == default_language:
            link = "../"
        elif lang == default_language:
            link = f"{other}/"
        else:
            link = f"../{other}/"
        alternate.append({"name": LANGUAGE_NAMES[other], "link": link, "lang": other})
    extra = {
        "confsite": {
            "id": conference,
            "timezone": timezone,
            "locale": LOCALE[lang],
            "t": Texts(lang).as_dict(),  # interface texts for the theme templates
        },
    }
    if len(languages) > 1:
        extra["alternate"] = alternate
    config.update(
        {
            "site_name": site_name,
            "docs_dir": docs_dir.as_posix(),
            "site_dir": site_dir.as_posix(),
            "use_directory_urls": True,
            "theme": theme_layer,
            "nav": nav,
            "not_in_nav": "/sessions/*/index.md\n/speakers/*/index.md\n/news/*/index.md\n",
            "markdown_extensions": extensions,
            "extra_css": [*(user.get("extra_css") or []), *CSS],
            "extra_javascript": [*(user.get("extra_javascript") or []), *JAVASCRIPT],
            "extra": extra,
            "hooks": [*(user.get("hooks") or []), str(HOOKS)],
        }
    )
    if site_url:
        config["site_url"] = site_url
    if "plugins" not in user:
        config["plugins"] = [{"search": SEARCH[lang]}]
    if "copyright" not in user and copyright_text:
        config["copyright"] = copyright_text
    return config


def _nav_text(nav: list[Any]) -> list[Any]:
    """``nav`` with every title made text for the theme (``theme_text``)."""
    made: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict):
            made.append(
                {
                    theme_text(str(title)): _nav_text(target)
                    if isinstance(target, list)
                    else target
                    for title, target in entry.items()
                }
            )
        else:
            made.append(entry)
    return made


HOOKS = Path(__file__).with_name("mkdocs_hooks.py")


def streamable(user: dict[str, Any]) -> bool:
    """Whether MkDocs may start before the pages are written (``page_stream``): not when
    the organiser's hooks or plugins (other than those that read a page only as MkDocs
    builds it) might read pages before."""
    if user.get("hooks"):
        return False
    plugins = user.get("plugins") or []
    if isinstance(plugins, dict):
        names = list(plugins)
    else:
        names = [entry if isinstance(entry, str) else next(iter(entry), "") for entry in plugins]
    return all(str(name).removeprefix("material/") in _STREAMABLE_PLUGINS for name in names)


# Plugins that read pages only while MkDocs builds them.
_STREAMABLE_PLUGINS = frozenset({"search", "offline"})


def dump(config: dict[str, Any]) -> str:
    # The full Dumper keeps !!python/name tags of the organiser's extensions (e.g. emoji);
    # its C version where PyYAML has one (the same text, six times faster).
    dumper = getattr(yaml, "CDumper", yaml.Dumper)
    return yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)


def brand_css(primary: str, accent: str) -> str:
    return (
        ":root, [data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary}cc;\n"
        f"  --md-primary-fg-color--dark: {primary};\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        "}\n"
    )
