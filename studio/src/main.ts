/**
 * The studio page: loads the configuration, draws the form and the panels, follows running jobs
 * and submits new ones. Ctrl/⌘ + Enter starts a job from anywhere on the page.
 */
import { ApiError, messageOf, getConfig, getJobs, submitJob } from './api';
import { byId, h } from './dom';
import { clearFieldErrors, showFieldError } from './errors';
import { reopenItem } from './reopen';
import { getState, subscribe, toRequest } from './state';
import type { QueueCounts, StudioConfig } from './types';
import { Gallery } from './ui/gallery';
import { JobsPanel } from './ui/jobs-panel';
import { renderKnobs } from './ui/knobs';
import { renderNetworkView } from './ui/network-view';
import { renderModePicker } from './ui/mode-picker';
import { renderPhotoPicker } from './ui/photo-picker';
import { renderStylePicker } from './ui/style-picker';

async function start(): Promise<void> {
  let config: StudioConfig;
  try {
    config = await getConfig();
  } catch (error) {
    byId('create').append(h('p', { className: 'field-error' }, messageOf(error)));
    return;
  }
  renderPhotoPicker(byId('photo-section'), config);
  renderModePicker(byId('mode-section'));
  renderStylePicker(byId('style-section'), config);
  renderKnobs(byId('knobs-section'), config);
  renderNetworkView(byId('network'), config);

  const gallery = new Gallery(byId('gallery'), (item) => void reopenItem(item, config));
  const jobs = new JobsPanel(byId('jobs'), () => {
    void gallery.refresh();
    void refreshCounts();
  });
  const form = byId<HTMLFormElement>('job-form');
  const startButton = byId<HTMLButtonElement>('start-button');
  const formError = byId('form-error');
  const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
  subscribe((state) => startButton.replaceChildren(state.mode === 'fast' ? 'Paint it (fast)' : 'Start optimizing', h('kbd', {}, shortcut), h('kbd', {}, 'Enter')));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof Node && byId('network').contains(event.target)) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  });

  async function submit(): Promise<void> {
    clearFieldErrors();
    formError.textContent = '';
    const request = toRequest(getState());
    if ('field' in request) {
      showFieldError(request.field, request.message);
      return;
    }
    startButton.disabled = true;
    try {
      const job = await submitJob(request.settings);
      jobs.track(job);
      void refreshCounts();
    } catch (error) {
      const message = messageOf(error);
      if (!(error instanceof ApiError && error.field && showFieldError(error.field, message))) formError.textContent = message;
    } finally {
      startButton.disabled = false;
    }
  }

  async function refreshCounts(): Promise<void> {
    const { jobs: active, counts } = await getJobs().catch(() => ({ jobs: [], counts: undefined }));
    for (const job of active) jobs.track(job);
    byId('queue-status').textContent = counts ? countsText(counts) : '';
  }

  await Promise.all([gallery.refresh(), refreshCounts()]);
  window.setInterval(() => void refreshCounts(), 5000);
}

function countsText(counts: QueueCounts): string {
  const running = counts.fast.running + counts.quality.running;
  const waiting = counts.fast.waiting + counts.quality.waiting;
  if (running + waiting === 0) return 'Idle';
  return `${running} running${waiting ? ` · ${waiting} waiting` : ''}`;
}

void start();
