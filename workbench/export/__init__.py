"""Project -> reports and data files (Markdown, HTML, CSV, JSON, ClaimReview, Web Annotation). No Qt."""
