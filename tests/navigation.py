"""The service navigation each role should see, shared by the page and browser tests."""

from csc_workforce.web.accounts.roles import Role

# Written out by hand from the access matrix, not derived from the apps' navigation entries or
# GRANTS, so that a change to the permissions table has to be made here too. The team manager
# and the social worker are linked to a staff record in the ``people`` fixture, so they also get
# "My record".
EXPECTED_NAVIGATION: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        "Home",
        "Workforce",
        "Teams",
        "Caseloads",
        "Children's experience",
        "Quality",
        "Staff voice",
        "Census",
        "Reports",
        "Audit trail",
        "Administration",
    ],
    Role.PSW: [
        "Home",
        "Workforce",
        "Teams",
        "Caseloads",
        "Children's experience",
        "Quality",
        "Staff voice",
        "Census",
        "Reports",
        "Audit trail",
    ],
    Role.SERVICE_MANAGER: [
        "Home",
        "Workforce",
        "Teams",
        "Caseloads",
        "Children's experience",
        "Quality",
        "Staff voice",
        "Reports",
    ],
    Role.TEAM_MANAGER: [
        "Home",
        "Workforce",
        "Teams",
        "Caseloads",
        "Children's experience",
        "Quality",
        "Staff voice",
        "Reports",
        "My record",
    ],
    Role.HR: ["Home", "Workforce", "Teams", "Staff voice", "Census"],
    Role.ANALYST: [
        "Home",
        "Workforce",
        "Teams",
        "Children's experience",
        "Quality",
        "Staff voice",
        "Census",
        "Reports",
    ],
    Role.SOCIAL_WORKER: ["Home", "My caseload", "Audit feedback", "Staff voice", "My record"],
}
