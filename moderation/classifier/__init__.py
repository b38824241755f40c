"""The spam classifier inside the site: model versions and their artefacts (registry), and the
CSV files and figures of the spam_* commands (cli)."""
