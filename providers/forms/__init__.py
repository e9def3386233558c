"""Forms of the market register, with GOV.UK error messages, by page area: providers and
services (``register``), contracts, ratings and BCP checks (``records``), the service list's
filters and the CSV upload (``service_list``); ``common`` holds what they share."""
