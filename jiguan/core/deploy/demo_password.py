# The demo accounts and their password, printed by `make run`. Production refuses to start
# while any of these accounts is active with that password (jiguan.core.deploy.checks).
DEMO_PASSWORD = "Jiguan@2026demo"
DEMO_USERNAMES = ("demo_admin", "demo_hangzhou", "demo_xihu", "demo_reporter", "demo_auditor",
                  "demo_sysadmin", "demo_secadmin", "demo_auditadmin", "demo_finance")
