# Categorisation (risk meetings, category decisions) arrives with its own issue.
