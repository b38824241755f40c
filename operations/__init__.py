"""Running the site: configuration, health, backups, first set-up and degradable parts."""
