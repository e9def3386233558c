"""Forms of the quality pages, with GOV.UK error messages, by page area: visits, evidence,
intelligence, monitoring, actions and filters (fields holds what they share).

Forms check what people typed; saving goes through quality.services (which checks again).
"""
