"""pgAdmin's settings in this image: server mode (a login), its data in /var/lib/pgadmin, no calls out."""

# pgAdmin reads this file (/etc/pgadmin/config_system.py) after its own config.py and overrides it.
SERVER_MODE = True
DATA_DIR = "/var/lib/pgadmin"
# The machines this runs on reach package mirrors only: no version check against pgadmin.org.
UPGRADE_CHECK_ENABLED = False
# A lab address such as admin@example.com has no mail server to check.
CHECK_EMAIL_DELIVERABILITY = False
# Nor a Gravatar picture fetched for the login's e-mail.
SHOW_GRAVATAR_IMAGE = False
