"""Code lists of the CSWW census (DfE's XSDs, 2022-2025), as code -> label.

The register stores these codes, so a return can be exported without translation.
"""

SEX = {"M": "Male", "F": "Female"}

ETHNICITY = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Declared not stated or refused",
    "NOBT": "Information not yet obtained",
}

QUALIFICATION_LEVEL = {"1": "Undergraduate", "2": "Postgraduate", "3": "Other"}

ORG_ROLE = {
    1: "Senior manager",
    2: "Middle manager",
    3: "First line manager",
    4: "Senior practitioner",
    5: "Case holder",
    6: "Qualified without cases",
}

START_ORIGIN = {
    "1": "Newly qualified social worker",
    "2": "Social worker role in a different local authority in England",
    "3": "Social worker role outside England",
    "4": "Agency or consultancy in social work (in England)",
    "5": "Other social work role, non-local authority (in England)",
    "6": "Other social care role in a local authority or non-local authority (in England)",
    "7": "Non-social care role, any role outside England, no employment or career break",
    "8": "Other",
    "9": "Not known",
    "10": "Not yet collected",
}

LEAVER_DESTINATION = {
    "1": "Social worker role in a different local authority in England",
    "2": "Social worker role outside England",
    "3": "Agency or consultancy in social work (in England)",
    "4": "Other social work role, non-local authority (in England)",
    "5": "Other social care role in a local authority or non-local authority (in England)",
    "6": "Non-social care role, any role outside England, no employment or career break",
    "7": "Other",
    "8": "Not known",
    "9": "Not yet collected",
}

REASON_LEAVE = {
    "1": "Resignation",
    "2": "Voluntary redundancy",
    "3": "Compulsory redundancy",
    "4": "Dismissed",
    "5": "Retired",
    "6": "Deceased",
    "7": "Moved to a non-child and family social work role within the local authority",
    "8": "Other",
    "9": "Not known",
    "10": "Not yet collected",
}

ALLOWANCE_ELIGIBILITY = {
    "0": "No",
    "1": "Yes, all LA-employed social workers are eligible",
    "2": "Yes, some LA-employed social workers are eligible",
}

QUALIFICATION_ROUTE = {
    "undergraduate": "Undergraduate degree",
    "postgraduate": "Postgraduate degree",
    "step_up": "Step Up to Social Work",
    "frontline": "Frontline",
    "apprenticeship": "Degree apprenticeship",
    "other": "Other",
}
