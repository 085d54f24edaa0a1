/**
 * The studio page: loads the configuration, draws the form (restored from the last visit) and the
 * panels, follows running jobs and submits new ones. Ctrl/⌘ + Enter starts a job from anywhere on
 * the page. A lost connection shows a banner until the server answers again. On a hosted deployment
 * (`config.accounts`) the account area comes first (`ui/account-area.ts`), and the links of its
 * account e-mails are taken from the address (`ui/account-links.ts`).
 */
import { ApiError, messageOf, getConfig, getJobs, setCsrfToken, submitJob } from './api';
import { onConnectionChange } from './connection';
import { byId, h } from './dom';
import { guardAgainstStrayDrops } from './drop-guard';
import { clearConnectionErrors, clearFieldErrors, markConnectionError, showFieldError } from './errors';
import { restoreForm, saveForm } from './form-storage';
import { notifyToggle } from './notify';
import { reopenItem } from './reopen';
import { getState, initForm, subscribe, toRequest, update } from './state';
import type { JobView, QueueCounts, StudioConfig } from './types';
import { markSeen, markUnseen } from './unseen';
import { renderAccountArea } from './ui/account-area';
import { offerVerificationAfterSignIn, showVerification, takeAccountLink } from './ui/account-links';
import { renderPasswordResetPanel } from './ui/password-reset-panel';
import { estimateLine } from './ui/estimate';
import { Gallery } from './ui/gallery';
import { isFinal } from './ui/job-card';
import { JobsPanel } from './ui/jobs-panel';
import { renderKnobs } from './ui/knobs';
import { renderNetworkView } from './ui/network-view';
import { renderModePicker } from './ui/mode-picker';
import { renderPhotoPicker } from './ui/photo-picker';
import { createResultView } from './ui/result-view';
import { renderStylePicker, showPresetSample } from './ui/style-picker';

async function start(): Promise<void> {
  guardAgainstStrayDrops();
  const banner = byId('connection-banner');
  onConnectionChange((online) => (banner.hidden = online));
  let config: StudioConfig;
  try {
    config = await getConfig();
  } catch (error) {
    byId('create').append(h('p', { className: 'field-error' }, messageOf(error)));
    return;
  }
  if (config.accounts) {
    // A hosted deployment: its session's changes carry the CSRF token; nobody signed in yet: the welcome panel asks who paints.
    setCsrfToken(config.csrfToken);
    // Opened from an account e-mail's link: a reset link's form stands in for everything else.
    const link = takeAccountLink();
    if (link?.kind === 'reset') return renderPasswordResetPanel(link.token, config);
    const signedIn = renderAccountArea(config);
    if (link?.kind === 'verify') void showVerification(link.token, config);
    else offerVerificationAfterSignIn(config);
    if (!signedIn) return;
  }
  if (config.visualize === false) {
    byId('network').hidden = true;
    document.querySelector<HTMLElement>('.topbar-nav a[href="#network"]')!.hidden = true;
  }
  initForm(config);
  renderPhotoPicker(byId('photo-section'), config);
  renderModePicker(byId('mode-section'), config);
  renderStylePicker(byId('style-section'), config);
  renderKnobs(byId('knobs-section'), config);
  if (config.visualize !== false) renderNetworkView(byId('network'), config);
  const saved = await restoreForm(config);
  if (saved) update(saved);
  subscribe(saveForm);

  const reopen = (item: JobView): void => void reopenItem(item, config);
  const resultView = createResultView({ onReopen: reopen, onOpened: markSeen });
  const gallery = new Gallery(byId('gallery'), {
    onOpen: (item, name, opener) => resultView.open(item, name, opener),
    onReopen: reopen,
    onResumed: (job) => jobs.track(job, { focus: true }),
  });
  const jobs = new JobsPanel(byId('jobs'), {
    onFinished: (job) => {
      if (job.status === 'done' && job.settings.mode === 'fast') showPresetSample(job.settings.preset);
      if (job.status === 'done') markUnseen(job.id);
      void refreshCounts();
      return gallery.refresh();
    },
  });
  onConnectionChange((online) => {
    if (!online) return;
    clearConnectionErrors();
    void gallery.refresh();
    void refreshCounts();
  });

  const form = byId<HTMLFormElement>('job-form');
  const startButton = byId<HTMLButtonElement>('start-button');
  const formError = byId('form-error');
  byId('actions').querySelector('.actions-row')!.append(estimateLine(), notifyToggle());
  const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
  subscribe((state) => startButton.replaceChildren(state.mode === 'fast' ? 'Paint it (fast)' : 'Start optimizing', h('kbd', {}, shortcut), h('kbd', {}, 'Enter')));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof Node && (byId('network').contains(event.target) || (event.target as Element).closest?.('dialog'))) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  });

  async function submit(): Promise<void> {
    clearFieldErrors();
    formError.textContent = '';
    delete formError.dataset.connectionError;
    const request = toRequest(getState());
    if ('field' in request) {
      showFieldError(request.field, request.message);
      document.querySelector<HTMLElement>(`[data-field="${CSS.escape(request.field)}"]`)?.focus?.();
      return;
    }
    startButton.disabled = true;
    try {
      const job = await submitJob(request.settings);
      jobs.track(job, { focus: true });
      void refreshCounts();
    } catch (error) {
      const message = messageOf(error);
      if (!(error instanceof ApiError && error.field && showFieldError(error.field, message, error))) {
        formError.textContent = message;
        markConnectionError(formError, error);
      }
    } finally {
      startButton.disabled = false;
    }
  }

  async function refreshCounts(): Promise<void> {
    const { jobs: active, counts } = await getJobs().catch(() => ({ jobs: [], counts: undefined }));
    // The local studio lists its active jobs; a hosted node lists all the caller's jobs: follow only those at work.
    for (const job of active) if (!isFinal(job)) jobs.track(job);
    if (counts) byId('queue-status').textContent = countsText(counts);
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
