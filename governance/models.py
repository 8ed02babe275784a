# Governance (members, trustees, LGBs) arrives with its own issue.
