"""The demo accounts: one per role, for trying Oversight out. Never created in production."""

from accounts.roles import Role

DEMO_ACCOUNTS = [
    (
        "officer@demo.test",
        "Olivia Okafor",
        Role.CONTRACT_OFFICER,
        "Quality and contracts officer",
        "Northmoor Council",
    ),
    (
        "nurse@demo.test",
        "Nadia Nowak",
        Role.CLINICAL_NURSE,
        "Clinical quality nurse",
        "Northmoor ICB",
    ),
    ("chair@demo.test", "Charles Chen", Role.PANEL_CHAIR, "Head of quality", "Northmoor Council"),
    (
        "director@demo.test",
        "Diana Dlamini",
        Role.DIRECTOR,
        "Director of Adult Social Care",
        "Northmoor Council",
    ),
    ("partner@demo.test", "Priya Patel", Role.PARTNER, "Safeguarding lead", "Northmoor ICB"),
    ("admin@demo.test", "Adam Abbott", Role.ADMINISTRATOR, "System owner", "Northmoor Council"),
]
