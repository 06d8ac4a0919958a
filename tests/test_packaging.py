"""The package list in pyproject.toml is spelled out (site_template is mapped into the
package): a new sub-package that is not listed would be missing from installs."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_subpackage_is_listed_for_installation() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "confsite").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "confsite.site_template" in listed
    mapped = config["tool"]["setuptools"]["package-dir"]["confsite.site_template"]
    assert (ROOT / mapped / "pages" / "session.md").is_file()
