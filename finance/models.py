# Finance and operations arrives with its own issue.
