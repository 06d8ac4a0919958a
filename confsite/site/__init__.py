"""The public website: view records, generated docs trees, and real MkDocs Material builds."""
