import './config/noEval';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(<App />);
