/** The pieces of Chart.js a bar chart needs, registered once: the rest of Chart.js stays out of the bundle. */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };
