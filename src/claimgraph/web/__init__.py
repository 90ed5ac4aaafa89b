"""The workbench: web pages and a JSON API over the claim store (`claimgraph serve`)."""
