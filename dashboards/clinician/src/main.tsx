import 'bootstrap/dist/css/bootstrap.min.css';
import 'uplot/dist/uPlot.min.css';
import './styles/app.css';
import { render } from 'preact';
import { configureApi } from './api/client';
import { App, startSessionServices } from './app';
import { getToken, onUnauthorized, restoreSession } from './auth/session';
import { lang } from './i18n';
import { startClock } from './state/clock';
import { startRouter } from './state/router';

document.documentElement.lang = lang.value;
configureApi({ getToken, onUnauthorized });
restoreSession();
startRouter();
startClock();
startSessionServices();

render(<App />, document.getElementById('app')!);
