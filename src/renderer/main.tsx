import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { History } from '../shared/history';
import { App } from './App';
import { ServicesProvider } from './app-services';
import { pickClient } from './client/pick-client';
import './styles/base.css';
import './styles/layout.css';
import './styles/library.css';
import './styles/editor.css';
import './styles/jobs.css';

const { client, connection } = pickClient();
const history = new History({ limit: 200 });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ServicesProvider services={{ client, connection, history }}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
