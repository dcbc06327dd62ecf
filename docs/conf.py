"""Sphinx configuration for skgan's documentation.

Build (warnings are errors, as in CI)::

    pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html

The gallery in ``examples/`` runs during the build and its plots are embedded.
"""

import os
import warnings

import skgan

project = "skgan"
author = "skgan developers"
copyright = "2026, skgan developers"
version = release = skgan.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "sg_execution_times.rst"]
root_doc = "index"

# -- API reference ----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# numpydoc checks the sections of every documented docstring: a missing
# Parameters entry, an unknown section or a bad heading fails the build
numpydoc_validation_checks = {"GL06", "GL07", "PR01", "PR02", "RT01"}
numpydoc_validation_exclude = {
    r"\.__init__$",
    r"\.get_metadata_routing$",
    r"\.set_.*_request$",
    r"\.get_params$",
    r"\.set_params$",
    r"\.fit_predict$",
    r"\.score$",
    r"\.decision_function$",
    r"\.predict_log_proba$",
    r"\.predict_proba$",
    # a dataclass: its fields are documented as Attributes
    r"\.GANAugmentationResult$",
}

# -- links to the libraries users know ----------------------------------------
intersphinx_mapping = {}  # no network at build time: plain references only
nitpicky = False

# -- the gallery --------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "reset_modules": ("matplotlib",),
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "doc_module": ("skgan",),
    "backreferences_dir": "generated/backreferences",
    "plot_gallery": os.environ.get("SKGAN_DOCS_PLOT_GALLERY", "True"),
}

# -- HTML -------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"skgan {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
html_static_path = []

# matplotlib renders to files during the build
os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings(
    "ignore",
    message="Matplotlib is currently using agg",
    category=UserWarning,
)
