/**
 * The content photo: drop it on the zone, paste it, or pick it (the zone is a button, so Enter and
 * Space open the file dialog). The upload's problems show right under the zone, and so does the
 * server's word on a photo it took but warns about (too small) or scaled down (too large).
 */
import { messageOf, uploadImage, uploadThumbnailUrl } from '../api';
import { h } from '../dom';
import { errorSlot, showFieldError } from '../errors';
import { subscribe, update } from '../state';
import type { StudioConfig } from '../types';

/**
 * Renders the photo section into `container`.
 *
 * @example
 * renderPhotoPicker(byId('photo-section'), config);
 */
export function renderPhotoPicker(container: HTMLElement, config: StudioConfig): void {
  const input = h('input', { type: 'file', accept: 'image/*', className: 'visually-hidden', tabIndex: -1, id: 'photo-input' });
  const preview = h('img', { className: 'photo-preview', alt: '' });
  const caption = h('span', { className: 'drop-caption' }, 'Drop a photo here, or click to choose one');
  const hint = h('span', { className: 'drop-hint' }, `JPEG, PNG, WebP, TIFF or GIF · up to ${(config.limits.maxUploadBytes / 1e6).toFixed(0)} MB`);
  const zone = h('button', { type: 'button', className: 'drop-zone', id: 'photo-drop', attrs: { 'aria-describedby': 'photo-hint photo-note' }, dataset: { field: 'content' } }, preview, h('span', { className: 'drop-text' }, caption, hint));
  hint.id = 'photo-hint';
  const note = h('p', { className: 'photo-note', id: 'photo-note', hidden: true });

  const accept = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    showFieldError('content', '');
    note.hidden = true;
    if (file.size > config.limits.maxUploadBytes) {
      showFieldError('content', `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; this studio takes up to ${(config.limits.maxUploadBytes / 1e6).toFixed(0)} MB.`);
      return;
    }
    zone.classList.add('busy');
    caption.textContent = `Uploading ${file.name}…`;
    try {
      const info = await uploadImage(file, file.name);
      update({ content: { id: info.id, name: info.name, width: info.width, height: info.height } });
      const words = [info.scaledFrom ? `Scaled down from ${info.scaledFrom.width}×${info.scaledFrom.height} px to ${info.width}×${info.height} px.` : '', info.warning ?? ''].filter(Boolean);
      note.textContent = words.join(' ');
      note.hidden = words.length === 0;
    } catch (error) {
      showFieldError('content', messageOf(error), error);
      update({});
    } finally {
      zone.classList.remove('busy');
    }
  };

  zone.addEventListener('click', () => input.click());
  input.addEventListener('change', () => void accept(input.files?.[0]).finally(() => (input.value = '')));
  for (const type of ['dragenter', 'dragover'] as const) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop'] as const) zone.addEventListener(type, () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    void accept(event.dataTransfer?.files[0]);
  });
  document.addEventListener('paste', (event) => {
    const file = [...(event.clipboardData?.files ?? [])].find((candidate) => candidate.type.startsWith('image/'));
    if (file) void accept(file);
  });

  container.append(h('fieldset', { className: 'step' }, h('legend', {}, h('span', { className: 'step-number' }, '1'), 'Photo'), zone, input, note, errorSlot('content')));

  subscribe((state) => {
    const content = state.content;
    zone.classList.toggle('has-photo', Boolean(content));
    if (content) {
      if (preview.dataset.id !== content.id) {
        if (preview.dataset.id) note.hidden = true; // another photo: its note no longer applies
        preview.dataset.id = content.id;
        preview.src = uploadThumbnailUrl(content.id);
        preview.onerror = () => showFieldError('content', 'This photo is no longer on the server; choose it again.');
      }
      caption.textContent = `${content.name} · ${content.width}×${content.height}`;
      hint.textContent = 'Click or drop to replace';
    } else {
      preview.removeAttribute('src');
      delete preview.dataset.id;
      caption.textContent = 'Drop a photo here, or click to choose one';
    }
  });
}
