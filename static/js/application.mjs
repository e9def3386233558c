// Starts GOV.UK Frontend's components. Loaded as a module so it runs only in browsers that
// GOV.UK Frontend supports; pages work without it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
