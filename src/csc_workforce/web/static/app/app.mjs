import { initAll } from "../govuk/js/govuk-frontend.min.js";

initAll();
