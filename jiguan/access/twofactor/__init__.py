"""Two factors at login (等保 2.0 level 3, GB/T 22239 8.1.4.1 d): TOTP via django-otp.

The password is the first factor; a TOTP code from an authenticator app (or a one-time
recovery code) is the second. A user who holds a confirmed TOTP device is logged in only
after the code page (the password step leaves a short-lived *pending* mark in the session,
not a login); a user whose roles require two factors and who holds no device is logged in
and then kept on the enrolment page until a device is confirmed (TwoFactorMiddleware).
API tokens are a separate credential and are not affected (docs/security.md).
"""
