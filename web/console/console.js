/* APEC MSME assistant — staff console (served to signed-in staff as /console/static/console.js).
 * One file, no dependencies. A hash router (#/queue, #/conversations, #/conversation/<id>, #/unanswered,
 * #/figures, #/knowledge) renders one view at a time into <main>. Server text is only ever inserted as text
 * nodes through el(), never with innerHTML: user messages are untrusted.
 */
(() => {
  'use strict';

  const LANGUAGES = { en: 'English', es: 'Spanish', zh: 'Chinese', id: 'Indonesian', ms: 'Malay', vi: 'Vietnamese', th: 'Thai' };
  const TOPICS = ['finance', 'digital', 'export'];
  // Display text for server keys; unknown keys are shown with "_" as spaces.
  const LABELS = { new: 'New', contacted: 'Contacted', closed: 'Closed', advisor: 'Advisor', editor: 'Editor', answered: 'Answered',
    no_answer: 'No answer', low_confidence: 'Low confidence', thumbs_down: 'Thumbs down', idle: 'Idle', running: 'Running', done: 'Done', failed: 'Failed' };
  const DAY_OPTIONS = [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['365', 'Last 365 days']];
  const QUEUE_POLL_MS = 5000, BUILD_POLL_MS = 2000;

  // Filters live in state so they survive moving between views (not a page reload).
  const state = { user: '', role: '', csrf: '', filters: { queue: {}, conversations: {}, unanswered: { days: '30' }, figures: { days: '30' } } };
  let current = null; // the open view's context: { alive, timers, later() }
  let firstRoute = true;

  /* ---------- Small helpers ---------- */

  const $ = (selector) => document.querySelector(selector);
  const label = (value) => LABELS[value] || String(value).replace(/_/g, ' ');
  const langLabel = (code) => (LANGUAGES[code] ? `${LANGUAGES[code]} (${code})` : String(code));
  const plural = (n, one, many) => `${fmtNum(n)} ${n === 1 ? one : many}`;
  const token = (value) => String(value).replace(/[^a-z0-9_-]/gi, ''); // safe inside a class name or id
  const convHref = (senderId) => `#/conversation/${encodeURIComponent(senderId)}`;

  /** Builds an element. attrs: attributes (null/false skipped, true = empty), onX = listeners. Children: nodes,
   *  strings (become text nodes, so never parsed as HTML), arrays, null. */
  const el = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  const svg = (tag, attrs, ...children) => build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
  function build(node, attrs, children) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const heading = (text) => el('h1', { id: 'view-title', tabindex: -1 }, text);
  const thead = (columns) => el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c))));
  const cell = (name, ...content) => el('td', { 'data-label': name }, content);
  const emptyRow = (span, text) => el('tr', { class: 'empty-row' }, el('td', { colspan: span }, text));
  // A focusable, labelled region so keyboard users can scroll a wide table sideways.
  const tableWrap = (table, name) => el('div', { class: 'table-wrap', role: 'region', 'aria-label': name, tabindex: 0 }, table);
  const badge = (kind, value) => el('span', { class: `badge ${kind}-${token(value)}` }, label(value));
  const fact = (name, value) => el('div', {}, el('dt', {}, name), el('dd', {}, value));

  /** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) stays text. */
  function linkOrText(url, text) {
    let href = null;
    try { href = /^https?:$/.test(new URL(String(url)).protocol) ? new URL(String(url)).href : null; } catch (_) { /* not a URL */ }
    return href ? el('a', { href, rel: 'noopener', target: '_blank' }, text, el('span', { class: 'visually-hidden' }, ' (opens in a new tab)')) : text;
  }

  function qs(params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) if (value != null && value !== '') query.set(key, value);
    const text = query.toString();
    return text ? `?${text}` : '';
  }

  /* ---------- Formatting (times arrive as ISO 8601 UTC; shown in the browser's time zone) ---------- */

  function fmtTime(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
  const timeEl = (iso) => (iso ? el('time', { datetime: iso }, fmtTime(iso)) : '—');
  const fmtHours = (h) => (h == null || isNaN(h) ? '—' : h < 1 ? `${Math.max(1, Math.round(h * 60))} min`
    : h < 48 ? `${Math.round(h)} h` : `${Math.round(h / 24)} d`);
  const fmtNum = (n) => (n == null || isNaN(n) ? '—' : Number(n).toLocaleString());
  const pct = (x) => (x == null || isNaN(x) ? '—' : `${Math.round(x * 100)}%`);
  // per_day dates are calendar days ("2026-12-01"); new Date("2026-12-01") would be UTC midnight and could
  // show as the previous day west of Greenwich, so build a local date from the parts.
  function fmtDay(day) {
    const [y, m, d] = String(day).split('-').map(Number);
    const date = new Date(y, m - 1, d);
    return isNaN(date) ? String(day) : date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  }

  /* ---------- Status messages and the API ---------- */

  function announce(message, isError = false) {
    const box = $('#status');
    if (isError && box.textContent === message) return; // a failing poll should not repeat itself every few seconds
    box.classList.toggle('is-error', isError);
    // Empty first, then write on the next tick: screen readers then read a repeated message ("H000012 saved").
    box.textContent = '';
    setTimeout(() => { box.textContent = message; }, 50);
  }

  class ApiError extends Error { constructor(status, message) { super(message); this.status = status; } }

  /** fetch() wrapper. json: body sent as JSON; body + contentType: raw body (the upload). Announces failures
   *  and throws ApiError; a 401 means the session expired, so it goes to the sign-in page. */
  async function api(path, { method = 'GET', json, body, contentType } = {}) {
    const headers = { Accept: 'application/json' };
    const options = { method, headers, credentials: 'same-origin' };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = state.csrf;
      headers['Content-Type'] = body !== undefined ? contentType || 'application/octet-stream' : 'application/json';
      options.body = body !== undefined ? body : JSON.stringify(json || {});
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (_) {
      return fail(0, 'The server could not be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      window.location.assign('/console/signin');
      throw new ApiError(401, 'Your session has expired.');
    }
    if (response.status === 403) return fail(403, 'You do not have permission');
    const data = await response.json().catch(() => null); // an error page from a proxy is not JSON
    if (response.ok) return data;
    return fail(response.status, data && typeof data.error === 'string' && data.error ? data.error : `Request failed (HTTP ${response.status})`);
  }
  function fail(status, message) {
    announce(message, true);
    throw new ApiError(status, message);
  }
  /** Errors from api() are already announced; anything else is a bug worth logging. */
  function handled(error) {
    if (error instanceof ApiError) return;
    console.error(error);
    announce('Something went wrong in the console. Reload the page and try again.', true);
  }
  const guarded = (fn) => (...args) => fn(...args).catch(handled);

  /** A view's load(...args): GETs url() and calls draw(data, ...args), unless a newer load has started since
   *  (filters changed again) or the view was left. */
  function loader(ctx, url, draw) {
    let seq = 0;
    return guarded(async (...args) => {
      const mine = ++seq;
      const data = await api(url());
      if (mine === seq && ctx.alive) draw(data, ...args);
    });
  }

  /* ---------- Filter forms ---------- */

  /** fields: {name, label, type: select|search|date, options?: [[value, text]], all?: false}. Applies on
   *  change and on submit; onApply gets the form's values. */
  function filterForm(id, name, fields, values, onApply) {
    const form = el('form', { id, class: 'filters', role: 'search', 'aria-label': name });
    for (const field of fields) {
      const fieldId = `${id}-${field.name}`;
      const control = field.type === 'select'
        ? el('select', { id: fieldId, name: field.name },
          field.all === false ? null : el('option', { value: '' }, 'All'),
          (field.options || []).map(([value, text]) => el('option', { value }, text)))
        : el('input', { id: fieldId, name: field.name, type: field.type || 'text' });
      control.value = values[field.name] || (field.all === false ? control.value : '');
      form.append(el('div', { class: 'field' }, el('label', { for: fieldId }, field.label), control));
    }
    form.append(el('div', { class: 'field field-submit' }, el('button', { type: 'submit' }, 'Apply filters')));
    const apply = () => onApply(Object.fromEntries(new FormData(form)));
    form.addEventListener('change', apply);
    form.addEventListener('submit', (event) => { event.preventDefault(); apply(); });
    return form;
  }

  /** Fills a filter select with the values the server offers, keeping "All" and the chosen value. Left alone
   *  when nothing changed, so a poll does not disturb someone choosing. */
  function fillSelect(select, values, chosen, toText = String) {
    if (!select || !Array.isArray(values)) return;
    const list = chosen && !values.includes(chosen) ? [...values, chosen] : values;
    const key = JSON.stringify(list);
    if (select.dataset.options === key) return;
    select.dataset.options = key;
    select.replaceChildren(select.options[0], ...list.map((v) => el('option', { value: v }, toText(v))));
    select.value = chosen || '';
  }

  /* ---------- Router ---------- */

  const VIEWS = { queue: viewQueue, conversations: viewConversations, conversation: viewTranscript,
    unanswered: viewUnanswered, figures: viewFigures, knowledge: viewKnowledge };

  function parseHash() {
    const [name, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
    let arg = rest.join('/');
    try { arg = decodeURIComponent(arg); } catch (_) { /* malformed escape: keep it raw */ }
    return { name: name || 'queue', arg };
  }

  function route() {
    const { name, arg } = parseHash();
    if (!VIEWS[name]) { window.location.replace('#/queue'); return; }
    if (current) { current.alive = false; current.timers.forEach(clearTimeout); }
    // Each view gets a context; its timers stop and its late responses are dropped once it is left.
    const ctx = { alive: true, timers: new Set() };
    ctx.later = (fn, ms) => {
      const id = setTimeout(() => { ctx.timers.delete(id); if (ctx.alive) fn(); }, ms);
      ctx.timers.add(id);
    };
    current = ctx;
    const section = name === 'conversation' ? 'conversations' : name;
    document.querySelectorAll('#nav a[data-view]').forEach((link) => (link.dataset.view === section
      ? link.setAttribute('aria-current', 'page') : link.removeAttribute('aria-current')));
    const main = $('#main');
    main.replaceChildren();
    main.dataset.view = name;
    const h1 = VIEWS[name](main, ctx, arg);
    document.title = `${h1.textContent} — APEC MSME assistant — staff console`;
    if (!firstRoute) h1.focus(); // on navigation, screen readers land on the new view's heading
    firstRoute = false;
  }

  /* ---------- Queue ---------- */

  const QUEUE_COLUMNS = ['Reference', 'Received', 'Language', 'Channel', 'Contact', 'Question', 'Assessment', 'Status', 'Changed', 'Update'];

  function viewQueue(main, ctx) {
    const h1 = heading('Handoff queue');
    const form = filterForm('queue-filters', 'Filter requests', [
      { name: 'status', label: 'Status', type: 'select' }, { name: 'language', label: 'Language', type: 'select' },
      { name: 'channel', label: 'Channel', type: 'select' }, { name: 'q', label: 'Search', type: 'search' },
    ], state.filters.queue, (values) => { state.filters.queue = values; load(false); });
    const csvHref = () => `/console/api/handoffs.csv${qs(state.filters.queue)}`;
    const csv = el('a', { id: 'queue-csv', class: 'button-link', href: csvHref() }, 'Download CSV');
    const summary = el('p', { id: 'queue-summary', class: 'muted' }, 'Loading…');
    const tbody = el('tbody', {}, emptyRow(QUEUE_COLUMNS.length, 'Loading…'));
    main.append(h1,
      el('p', { class: 'intro' }, 'People who asked for a human advisor. The list refreshes every 5 seconds; rows you are editing are left alone until you save.'),
      form, el('p', { class: 'actions' }, csv), summary,
      tableWrap(el('table', { id: 'queue-table', class: 'cards' }, el('caption', {}, 'Handoff requests'), thead(QUEUE_COLUMNS), tbody), 'Handoff requests'));

    const rows = new Map(); // handoff id -> { data, json, tr, select, note, save, saving }
    const seen = new Set(); // ids already shown, so a poll can tell new requests
    let statuses = ['new', 'contacted', 'closed'];
    let saving = 0; // saves in flight: polling pauses, and a save's answer wins over a poll's

    // A row is left alone while it has focus, unsaved edits or a save in flight.
    const isBusy = (entry) => entry.saving || entry.tr.contains(document.activeElement)
      || entry.select.value !== entry.data.status || entry.note.value !== (entry.data.note || '');

    const load = loader(ctx, () => `/console/api/handoffs${qs(state.filters.queue)}`, render);

    function render(data, isPoll) {
      if (isPoll && saving) return;
      if (Array.isArray(data.statuses) && data.statuses.length) statuses = data.statuses;
      const f = state.filters.queue;
      fillSelect(form.elements.status, statuses, f.status, label);
      fillSelect(form.elements.language, data.languages, f.language, langLabel);
      fillSelect(form.elements.channel, data.channels, f.channel);
      csv.href = csvHref();
      const list = data.handoffs || [];
      const wanted = [];
      let fresh = 0;
      for (const handoff of list) {
        if (!seen.has(handoff.id)) { seen.add(handoff.id); if (isPoll) fresh += 1; }
        const json = JSON.stringify(handoff);
        let entry = rows.get(handoff.id);
        if (!entry || (entry.json !== json && !isBusy(entry))) {
          const next = queueRow(handoff, json);
          if (entry) entry.tr.replaceWith(next.tr);
          rows.set(handoff.id, (entry = next));
        }
        wanted.push(entry.tr);
      }
      // Put rows in the server's order, moving only rows that are out of place: moving a row that holds
      // focus would blur it.
      tbody.querySelectorAll('.empty-row').forEach((r) => r.remove());
      let ref = tbody.firstChild;
      for (const tr of wanted) {
        if (tr === ref) ref = ref.nextSibling;
        else tbody.insertBefore(tr, ref);
      }
      const keep = new Set(wanted);
      for (const [id, entry] of rows) {
        if (!keep.has(entry.tr) && !isBusy(entry)) { entry.tr.remove(); rows.delete(id); }
      }
      if (!tbody.rows.length) tbody.append(emptyRow(QUEUE_COLUMNS.length, 'No requests match these filters.'));
      summary.textContent = `${plural(list.length, 'request', 'requests')} · updated ${new Date().toLocaleTimeString()}`;
      if (fresh) announce(plural(fresh, 'new request', 'new requests'));
    }

    function queueRow(h, json) {
      const ref = h.reference || `#${h.id}`;
      const refId = `queue-ref-${token(h.id)}`;
      const options = statuses.includes(h.status) ? statuses : [...statuses, h.status];
      const select = el('select', { class: 'queue-status', 'aria-label': `Status of ${ref}` },
        options.map((s) => el('option', { value: s }, label(s))));
      select.value = h.status;
      const note = el('textarea', { class: 'queue-note', rows: 2, 'aria-label': `Note for ${ref}` });
      note.value = h.note || '';
      const entry = { data: h, json, select, note, saving: false };
      entry.save = el('button', { type: 'button', class: 'queue-save', 'aria-describedby': refId, onclick: () => saveRow(entry) }, 'Save');
      const a = h.assessment;
      entry.tr = el('tr', { 'data-reference': ref, 'data-id': h.id, 'data-status': h.status },
        el('th', { scope: 'row', id: refId, 'data-label': 'Reference' }, ref),
        cell('Received', timeEl(h.created_at), h.age_hours == null ? null : [el('br'), el('span', { class: 'muted' }, `${fmtHours(h.age_hours)} ago`)]),
        cell('Language', h.language ? langLabel(h.language) : '—'),
        cell('Channel', h.channel || '—'),
        cell('Contact', el('span', { class: 'contact' }, h.contact || '—')),
        cell('Question', el('span', { class: 'question' }, h.question || '—'),
          h.sender_id ? [el('br'), el('a', { href: convHref(h.sender_id), class: 'queue-conversation', 'aria-label': `Conversation for ${ref}` }, 'Conversation')] : null),
        cell('Assessment', a ? [a.title || a.assessment, el('br'), el('span', { class: 'muted' }, `${label(a.level || '')} · ${pct(a.overall)}`)] : '—'),
        cell('Status', badge('status', h.status)),
        cell('Changed', h.status_by || h.status_at ? [h.status_by || '', el('br'), timeEl(h.status_at)] : '—'),
        cell('Update', el('div', { class: 'queue-update' }, entry.select, entry.note, entry.save)));
      return entry;
    }

    async function saveRow(entry) {
      if (entry.saving) return;
      const h = entry.data;
      const body = {};
      if (entry.select.value !== h.status) body.status = entry.select.value;
      if (entry.note.value !== (h.note || '')) body.note = entry.note.value;
      if (!Object.keys(body).length) Object.assign(body, { status: entry.select.value, note: entry.note.value });
      // aria-disabled rather than disabled: disabling the focused button would drop keyboard focus.
      entry.saving = true; saving += 1;
      entry.save.setAttribute('aria-disabled', 'true');
      entry.save.textContent = 'Saving…';
      try {
        const updated = await api(`/console/api/handoffs/${encodeURIComponent(h.id)}`, { method: 'POST', json: body });
        if (!ctx.alive) return;
        const hadFocus = entry.tr.contains(document.activeElement);
        const next = queueRow(updated, JSON.stringify(updated));
        entry.tr.replaceWith(next.tr);
        rows.delete(h.id);
        rows.set(updated.id, next);
        if (hadFocus) next.save.focus();
        announce(`${updated.reference || h.reference} saved`);
      } catch (error) {
        handled(error);
        entry.save.removeAttribute('aria-disabled');
        entry.save.textContent = 'Save';
      } finally {
        entry.saving = false; saving -= 1;
      }
    }

    // Poll with a chain of timeouts, not setInterval, so a slow answer never overlaps the next request.
    const poll = () => ctx.later(() => (saving ? Promise.resolve() : load(true)).finally(poll), QUEUE_POLL_MS);
    load(false).finally(poll);
    return h1;
  }

  /* ---------- Conversations ---------- */

  const CONVERSATION_COLUMNS = ['Conversation', 'Started', 'Last message', 'Language', 'Channel', 'Messages', 'Intents'];

  function viewConversations(main, ctx) {
    const h1 = heading('Conversations');
    const form = filterForm('conversation-filters', 'Filter conversations', [
      { name: 'from', label: 'From', type: 'date' }, { name: 'to', label: 'To', type: 'date' },
      { name: 'language', label: 'Language', type: 'select' }, { name: 'channel', label: 'Channel', type: 'select' },
      { name: 'intent', label: 'Intent', type: 'select' }, { name: 'q', label: 'Text contains', type: 'search' },
    ], state.filters.conversations, (values) => { state.filters.conversations = values; load(); });
    const summary = el('p', { class: 'muted' }, 'Loading…');
    const tbody = el('tbody', {}, emptyRow(CONVERSATION_COLUMNS.length, 'Loading…'));
    main.append(h1, form, summary, tableWrap(el('table', { id: 'conversation-table', class: 'cards' },
      el('caption', {}, 'Conversations'), thead(CONVERSATION_COLUMNS), tbody), 'Conversations'));

    const load = loader(ctx, () => `/console/api/conversations${qs(state.filters.conversations)}`, (data) => {
      const f = state.filters.conversations;
      fillSelect(form.elements.language, data.languages, f.language, langLabel);
      fillSelect(form.elements.channel, data.channels, f.channel);
      fillSelect(form.elements.intent, data.intents, f.intent);
      const list = data.conversations || [];
      summary.textContent = plural(list.length, 'conversation', 'conversations');
      tbody.replaceChildren(...(list.length ? list.map(conversationRow)
        : [emptyRow(CONVERSATION_COLUMNS.length, 'No conversations match these filters.')]));
    });
    load();
    return h1;
  }

  function conversationRow(c) {
    return el('tr', { 'data-sender-id': c.sender_id },
      el('th', { scope: 'row', 'data-label': 'Conversation' },
        el('a', { href: convHref(c.sender_id) }, c.first_question || c.sender_id),
        c.first_question ? [el('br'), el('span', { class: 'muted small' }, c.sender_id)] : null),
      cell('Started', timeEl(c.started_at)),
      cell('Last message', timeEl(c.last_at)),
      cell('Language', c.language ? langLabel(c.language) : '—'),
      cell('Channel', c.channel || '—'),
      cell('Messages', fmtNum(c.messages)),
      cell('Intents', (c.intents || []).join(', ') || '—'));
  }

  /* ---------- One conversation ---------- */

  function viewTranscript(main, ctx, senderId) {
    const h1 = heading(`Conversation ${senderId}`);
    if (!senderId) { window.location.replace('#/conversations'); return h1; }
    const meta = el('p', { class: 'transcript-meta muted' }, 'Loading…');
    const turns = el('ol', { class: 'turns', 'aria-label': 'Messages' });
    main.append(el('div', { id: 'transcript', 'data-sender-id': senderId },
      el('p', { class: 'back' }, el('a', { href: '#/conversations' }, '← All conversations')), h1, meta, turns));

    guarded(async () => {
      const data = await api(`/console/api/conversations/${encodeURIComponent(senderId)}`);
      if (!ctx.alive) return;
      const list = data.turns || [];
      const parts = [`Language: ${data.language ? langLabel(data.language) : '—'}`, `Channel: ${data.channel || '—'}`,
        plural(list.length, 'message', 'messages')];
      if (data.handoffs && data.handoffs.length) parts.push(`Handoff requests: ${data.handoffs.join(', ')}`);
      if (data.assessments && data.assessments.length) parts.push(`Assessments: ${data.assessments.join(', ')}`);
      meta.textContent = parts.join(' · ');
      turns.replaceChildren(...(list.length ? list.map(turnItem) : [el('li', { class: 'muted' }, 'No messages.')]));
    })();
    return h1;
  }

  function turnItem(t) {
    const isUser = t.who === 'user';
    const who = isUser ? 'User' : t.who === 'bot' ? 'Assistant' : label(t.who || 'unknown');
    const item = el('li', { class: `turn turn-${isUser ? 'user' : 'bot'}`, 'data-who': t.who },
      el('p', { class: 'turn-head' }, el('span', { class: 'who' }, who), ' ', timeEl(t.at)),
      el('div', { class: 'turn-text' }, t.text || ''));
    if (isUser) {
      if (t.intent) {
        item.append(el('p', { class: 'turn-meta' }, `Intent: ${t.intent}`, t.confidence == null ? '' : ` (${pct(t.confidence)} confidence)`));
      }
      return item;
    }
    if (t.outcome) item.append(el('p', { class: 'turn-meta' }, el('span', { class: 'visually-hidden' }, 'Outcome: '), badge('outcome', t.outcome)));
    const citations = t.citations || [];
    if (citations.length) {
      item.append(el('p', { class: 'turn-meta' }, 'Sources:'),
        el('ul', { class: 'citations' }, citations.map((c) => el('li', {}, linkOrText(c.url, c.title || c.url || 'Untitled')))));
    }
    if (t.buttons && t.buttons.length) item.append(el('p', { class: 'turn-meta' }, `Buttons offered: ${t.buttons.join('  ')}`));
    if (t.feedback) {
      const f = t.feedback;
      const text = f.helpful ? '👍 helpful' : '👎 not helpful';
      item.append(el('p', { class: `feedback ${f.helpful ? 'feedback-helpful' : 'feedback-unhelpful'}` }, f.comment ? `${text}: ${f.comment}` : text));
    }
    return item;
  }

  /* ---------- Unanswered ---------- */

  function viewUnanswered(main, ctx) {
    const h1 = heading('What we cannot answer yet');
    const form = filterForm('unanswered-filters', 'Filter unanswered questions', [
      { name: 'language', label: 'Language', type: 'select' }, { name: 'topic', label: 'Topic', type: 'select' },
      { name: 'reason', label: 'Reason', type: 'select' }, { name: 'days', label: 'Period', type: 'select', all: false, options: DAY_OPTIONS },
    ], state.filters.unanswered, (values) => { state.filters.unanswered = values; load(); });
    const csvHref = () => `/console/api/unanswered.csv${qs(state.filters.unanswered)}`;
    const csv = el('a', { id: 'unanswered-csv', class: 'button-link', href: csvHref() }, 'Download CSV');
    const summary = el('p', { class: 'muted' }, 'Loading…');
    const list = el('ol', { id: 'unanswered-groups', class: 'groups', 'aria-label': 'Groups of unanswered questions' });
    main.append(h1,
      el('p', { class: 'intro' }, 'Questions the assistant could not answer, answered with low confidence, or that got a thumbs down — grouped by meaning. This is the editors’ to-do list.'),
      form, el('p', { class: 'actions' }, csv), summary, list);

    const load = loader(ctx, () => `/console/api/unanswered${qs(state.filters.unanswered)}`, (data) => {
      const f = state.filters.unanswered;
      csv.href = csvHref();
      fillSelect(form.elements.language, data.languages, f.language, langLabel);
      fillSelect(form.elements.topic, data.topics, f.topic);
      fillSelect(form.elements.reason, data.reasons, f.reason, label);
      const groups = data.groups || [];
      const total = groups.reduce((sum, g) => sum + (Number(g.count) || 0), 0);
      summary.textContent = `${plural(groups.length, 'group', 'groups')}, ${plural(total, 'question', 'questions')}` +
        (data.grouped_by === 'text' ? ' — grouped by wording, as the meaning index is not available right now' : '');
      list.replaceChildren(...(groups.length ? groups.map(groupItem) : [el('li', { class: 'muted' }, 'Nothing unanswered matches these filters.')]));
    });
    load();
    return h1;
  }

  function groupItem(g) {
    const reasons = Object.entries(g.reasons || {}).filter(([, n]) => n).map(([r, n]) => `${label(r)}: ${n}`).join(', ');
    const examples = g.examples || [];
    return el('li', { class: 'group', 'data-count': g.count },
      el('h2', { class: 'group-label' }, g.label || 'Unlabelled group'),
      el('p', { class: 'group-count' }, plural(Number(g.count) || 0, 'question', 'questions')),
      el('dl', { class: 'facts' },
        fact('Languages', (g.languages || []).map(langLabel).join(', ') || '—'),
        fact('Topics', (g.topics || []).join(', ') || '—'),
        fact('Reasons', reasons || '—')),
      examples.length ? el('details', { class: 'examples' }, el('summary', {}, `Examples (${examples.length})`),
        el('ul', {}, examples.map((x) => el('li', {},
          x.sender_id ? el('a', { href: convHref(x.sender_id) }, x.text || '(empty message)') : (x.text || '(empty message)'),
          el('span', { class: 'muted' }, ` — ${[x.language, fmtTime(x.at), x.reason && label(x.reason)].filter(Boolean).join(' · ')}`))))) : null);
  }

  /* ---------- Figures ---------- */

  function viewFigures(main, ctx) {
    const h1 = heading('Figures');
    const form = filterForm('figures-filters', 'Choose the period', [
      { name: 'days', label: 'Period', type: 'select', all: false, options: DAY_OPTIONS },
    ], state.filters.figures, (values) => { state.filters.figures = values; load(); });
    const box = el('div', { id: 'figures', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading…'));
    main.append(h1, form, box);

    const load = loader(ctx, () => `/console/api/figures${qs(state.filters.figures)}`, (data) => {
      box.removeAttribute('aria-busy');
      box.replaceChildren(statCards(data.totals || {}), ...charts(data));
    });
    load();
    return h1;
  }

  function statCards(t) {
    const cards = [
      ['conversations', 'Conversations', fmtNum(t.conversations)], ['messages', 'Messages', fmtNum(t.messages)],
      ['questions', 'Questions', fmtNum(t.questions)], ['answered', 'Answered', fmtNum(t.answered)],
      ['answered_rate', 'Answered rate', pct(t.answered_rate)], ['feedback', 'Feedback given', fmtNum(t.feedback)],
      ['feedback_rate', 'Feedback rate', pct(t.feedback_rate)], ['helpful_share', 'Rated helpful', pct(t.helpful_share)],
      ['handoffs', 'Handoff requests', fmtNum(t.handoffs)], ['open_handoffs', 'Open handoffs', fmtNum(t.open_handoffs)],
      ['oldest_open_hours', 'Oldest open handoff', t.oldest_open_hours == null ? '—' : fmtHours(t.oldest_open_hours)],
    ];
    return el('dl', { class: 'stats' }, cards.map(([key, name, value]) =>
      el('div', { class: 'stat', 'data-key': key }, el('dt', {}, name), el('dd', {}, value))));
  }

  function charts(data) {
    const days = data.per_day || [];
    const span = days.length ? `${fmtDay(days[0].date)} to ${fmtDay(days[days.length - 1].date)}` : '';
    const perDay = (key, title, unit) => {
      const points = days.map((d) => ({ label: fmtDay(d.date), value: Number(d[key]) || 0 }));
      const top = points.reduce((best, p) => (p.value > best.value ? p : best), points[0] || {});
      const total = points.reduce((sum, p) => sum + p.value, 0);
      return chartFigure(`chart-${key}`, title, points.length && barChart(points,
        `${title}, ${span}: ${plural(total, unit, `${unit}s`)} in all, most on ${top.label} (${fmtNum(top.value)}).`),
      dataTable(title, ['Day', title], days.map((d) => [fmtDay(d.date), fmtNum(d[key])])));
    };
    const rates = days.map((d) => ({ label: fmtDay(d.date), value: d.questions ? d.answered / d.questions : null }));
    const known = rates.filter((p) => p.value != null);
    const low = known.reduce((worst, p) => (p.value < worst.value ? p : worst), known[0] || {});
    const rateSummary = `Answered rate per day, ${span}: ${pct((data.totals || {}).answered_rate)} overall` +
      (known.length ? `, lowest ${pct(low.value)} on ${low.label}.` : '.');
    const breakdown = (rowsIn, id, title, nameOf) => {
      const rowsOut = rowsIn || [];
      const points = rowsOut.map((r) => ({ label: nameOf(r.key), value: Number(r.conversations) || 0 }));
      return chartFigure(id, title, points.length && hbarChart(points,
        `${title}: ${points.map((p) => `${p.label} ${fmtNum(p.value)}`).join(', ')}.`),
      dataTable(title, ['Name', 'Conversations', 'Messages', 'Questions', 'Answered', 'Answered rate', 'Handoffs'],
        rowsOut.map((r) => [nameOf(r.key), fmtNum(r.conversations), fmtNum(r.messages), fmtNum(r.questions),
          fmtNum(r.answered), pct(r.questions ? r.answered / r.questions : null), fmtNum(r.handoffs)])));
    };
    return [
      perDay('conversations', 'Conversations per day', 'conversation'),
      perDay('messages', 'Messages per day', 'message'),
      chartFigure('chart-answered-rate', 'Answered rate per day',
        days.length && barChart(rates, rateSummary, { max: 1, format: pct }),
        dataTable('Answered rate per day', ['Day', 'Questions', 'Answered', 'Answered rate'],
          days.map((d, i) => [fmtDay(d.date), fmtNum(d.questions), fmtNum(d.answered), pct(rates[i].value)]))),
      breakdown(data.per_language, 'chart-language', 'Conversations per language', langLabel),
      breakdown(data.per_channel, 'chart-channel', 'Conversations per channel', String),
    ];
  }

  function chartFigure(id, title, chart, table) {
    return el('figure', { class: 'chart', id },
      el('figcaption', {}, el('h2', {}, title)),
      chart || el('p', { class: 'muted' }, 'No data for this period.'),
      el('details', { class: 'chart-data' }, el('summary', {}, 'Show the numbers'), tableWrap(table, `${title}: numbers`)));
  }

  function dataTable(caption, columns, rows) {
    return el('table', {}, el('caption', {}, caption), thead(columns),
      el('tbody', {}, rows.map(([first, ...rest]) => el('tr', {}, el('th', { scope: 'row' }, first), rest.map((v) => el('td', {}, v))))));
  }

  /** Vertical bars in a 480×180 viewBox that scales with its container. points: [{label, value|null}]. */
  function barChart(points, summary, { max, format = fmtNum } = {}) {
    const W = 480, H = 180, L = 44, R = 8, T = 10, B = 24;
    const plotW = W - L - R, plotH = H - T - B;
    const top = max || Math.max(1, ...points.map((p) => p.value || 0));
    const node = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'chart-svg' });
    for (const f of [0, 0.5, 1]) {
      const y = T + plotH * (1 - f);
      node.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: f ? 'grid' : 'axis' }),
        svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end' }, format(max ? top * f : Math.round(top * f))));
    }
    const step = plotW / points.length;
    const barW = Math.max(1, step * 0.7);
    points.forEach((p, i) => {
      if (p.value == null) return;
      const h = (plotH * p.value) / top;
      node.append(svg('rect', { x: L + i * step + (step - barW) / 2, y: T + plotH - h, width: barW, height: h, class: 'bar' },
        svg('title', {}, `${p.label}: ${format(p.value)}`)));
    });
    // Label the first, middle and last day only; 30 labels would not fit on a phone.
    const n = points.length;
    for (const i of new Set([0, Math.floor((n - 1) / 2), n - 1])) {
      const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
      const x = anchor === 'start' ? L : anchor === 'end' ? W - R : L + (i + 0.5) * step;
      node.append(svg('text', { x, y: H - 6, 'text-anchor': anchor }, points[i].label));
    }
    return node;
  }

  /** Horizontal bars, one row per point, labels on the left and values at the bar ends. */
  function hbarChart(points, summary) {
    const W = 480, rowH = 28, L = 130, R = 50;
    const H = points.length * rowH + 8;
    const top = Math.max(1, ...points.map((p) => p.value));
    const node = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'chart-svg' });
    points.forEach((p, i) => {
      const y = 4 + i * rowH;
      const w = ((W - L - R) * p.value) / top;
      node.append(svg('text', { x: L - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, p.label),
        svg('rect', { x: L, y: y + 4, width: w, height: rowH - 8, class: 'bar' }, svg('title', {}, `${p.label}: ${fmtNum(p.value)}`)),
        svg('text', { x: L + w + 6, y: y + rowH / 2 + 4 }, fmtNum(p.value)));
    });
    return node;
  }

  /* ---------- Knowledge (editors) ---------- */

  const DOCUMENT_COLUMNS = ['Title', 'Kind', 'Language', 'Topic', 'Chunks', 'Built', 'Actions'];

  function viewKnowledge(main, ctx) {
    const h1 = heading('Knowledge documents');
    if (state.role !== 'editor') {
      main.append(h1, el('p', {}, 'You do not have permission to manage knowledge documents. Ask an editor.'));
      announce('You do not have permission', true);
      return h1;
    }
    const file = el('input', { id: 'upload-file', name: 'file', type: 'file', accept: '.pdf,.html,.htm,.md', required: true });
    const title = el('input', { id: 'upload-title', name: 'title', type: 'text', required: true, autocomplete: 'off' });
    const topic = el('select', { id: 'upload-topic', name: 'topic' }, TOPICS.map((t) => el('option', { value: t }, label(t))));
    const language = el('select', { id: 'upload-language', name: 'language' },
      Object.keys(LANGUAGES).map((code) => el('option', { value: code }, langLabel(code))));
    const url = el('input', { id: 'upload-url', name: 'url', type: 'url', placeholder: 'https://', 'aria-describedby': 'upload-url-hint' });
    const submit = el('button', { type: 'submit' }, 'Upload and rebuild');
    const field = (input, text, hint) => el('div', { class: 'field' }, el('label', { for: input.id }, text), input, hint || null);
    const form = el('form', { id: 'upload-form', class: 'upload-form', 'aria-labelledby': 'upload-heading' },
      el('h2', { id: 'upload-heading' }, 'Add a document'),
      field(file, 'File (PDF, HTML or Markdown)'), field(title, 'Title'), field(topic, 'Topic'), field(language, 'Language'),
      field(url, 'Source URL (optional)', el('p', { id: 'upload-url-hint', class: 'hint' }, 'Where the original can be read; shown to users as the citation.')),
      el('div', { class: 'field field-submit' }, submit));
    const panel = el('section', { id: 'build-status', class: 'build', 'data-state': 'idle', 'aria-labelledby': 'build-heading' },
      el('h2', { id: 'build-heading' }, 'Index build'), el('p', { class: 'muted' }, 'Loading…'));
    const tbody = el('tbody', {}, emptyRow(DOCUMENT_COLUMNS.length, 'Loading…'));
    main.append(h1,
      el('p', { class: 'intro' }, 'Documents the assistant answers from. Adding or removing one rebuilds the search index; the assistant uses the new index when the build is done.'),
      form, panel,
      tableWrap(el('table', { id: 'documents-table', class: 'cards' }, el('caption', {}, 'Documents in the knowledge base'), thead(DOCUMENT_COLUMNS), tbody), 'Documents'));

    let lastState = null, polling = false;

    // Shows a build; polls while it runs and reloads the documents when it stops running.
    function applyBuild(build) {
      if (!build || !ctx.alive) return;
      renderBuild(panel, build);
      if (lastState === 'running' && build.state !== 'running') {
        loadDocuments();
        if (build.state === 'done') announce('Index rebuilt');
        if (build.state === 'failed') announce(`Index build failed${build.error ? `: ${build.error}` : ''}`, true);
      }
      lastState = build.state;
      if (build.state === 'running' && !polling) {
        polling = true;
        ctx.later(() => {
          polling = false;
          api('/console/api/build').then(applyBuild, (error) => {
            handled(error);
            applyBuild({ ...build }); // keep polling: the server may be restarting
          });
        }, BUILD_POLL_MS);
      }
    }

    const loadDocuments = loader(ctx, () => '/console/api/documents', (data) => {
      const docs = data.documents || [];
      tbody.replaceChildren(...(docs.length ? docs.map(documentRow) : [emptyRow(DOCUMENT_COLUMNS.length, 'No documents yet.')]));
      applyBuild(data.build);
    });

    function documentRow(d) {
      const remove = d.removable ? el('button', { type: 'button', class: 'document-remove button-danger', 'aria-label': `Remove ${d.title || d.source_id}`,
        onclick: () => removeDocument(d) }, 'Remove') : '—';
      return el('tr', { 'data-source-id': d.source_id },
        el('th', { scope: 'row', 'data-label': 'Title' }, linkOrText(d.url, d.title || d.source_id), el('br'), el('span', { class: 'muted small' }, d.source_id)),
        cell('Kind', label(d.kind || '—')), cell('Language', d.language ? langLabel(d.language) : '—'), cell('Topic', d.topic || '—'),
        cell('Chunks', fmtNum(d.chunks)), cell('Built', timeEl(d.built_at)), cell('Actions', remove));
    }

    const removeDocument = guarded(async (d) => {
      const name = d.title || d.source_id;
      if (!window.confirm(`Remove “${name}” from the knowledge base? The search index will be rebuilt.`)) return;
      const result = await api(`/console/api/documents/${encodeURIComponent(d.source_id)}/remove`, { method: 'POST', json: {} });
      announce(`Removing ${name}; the index is being rebuilt`);
      applyBuild(result.build);
      loadDocuments();
    });

    form.addEventListener('submit', guarded(async (event) => {
      event.preventDefault();
      const chosen = file.files[0];
      if (!chosen || submit.getAttribute('aria-disabled')) return;
      const params = { title: title.value.trim(), topic: topic.value, language: language.value, url: url.value.trim(), filename: chosen.name };
      submit.setAttribute('aria-disabled', 'true');
      submit.textContent = 'Uploading…';
      try {
        const result = await api(`/console/api/documents${qs(params)}`, { method: 'POST', body: chosen, contentType: chosen.type || 'application/octet-stream' });
        form.reset();
        announce(`Uploaded ${chosen.name}; the index is being rebuilt`);
        applyBuild(result.build);
        loadDocuments();
      } finally {
        submit.removeAttribute('aria-disabled');
        submit.textContent = 'Upload and rebuild';
      }
    }));

    loadDocuments();
    return h1;
  }

  function renderBuild(panel, b) {
    const buildState = b.state || 'idle';
    panel.dataset.state = buildState;
    const log = b.log || [];
    const pre = log.length ? el('pre', { class: 'build-log', tabindex: 0, 'aria-label': 'Build log' }, log.join('\n')) : null;
    panel.replaceChildren(...[
      el('h2', { id: 'build-heading' }, 'Index build'),
      el('p', {}, 'State: ', badge('build', buildState)),
      el('dl', { class: 'facts' }, fact('Started', timeEl(b.started_at)), fact('Finished', timeEl(b.finished_at)),
        b.index_id ? fact('Index', b.index_id) : null),
      b.error ? el('p', { class: 'error' }, `Error: ${b.error}`) : null,
      pre].filter(Boolean)); // replaceChildren() would print a null as "null"
    if (pre) pre.scrollTop = pre.scrollHeight; // show the newest lines
  }

  /* ---------- Start ---------- */

  async function init() {
    const skip = $('.skip-link');
    // The skip link's own #main would leave the router's hash; focus the view heading instead.
    if (skip) skip.addEventListener('click', (event) => { event.preventDefault(); ($('#main h1') || $('#main')).focus(); });
    let me;
    try {
      me = await api('/console/api/me');
    } catch (error) {
      handled(error);
      if (error.status !== 401) $('#main').replaceChildren(heading('The console could not start'), el('p', {}, 'Reload the page to try again.'));
      return;
    }
    Object.assign(state, { user: me.user || '', role: me.role || '', csrf: me.csrf || '' });
    $('#user-name').textContent = state.user;
    Object.assign($('#user-role'), { textContent: label(state.role), hidden: !state.role });
    $('#signout-csrf').value = state.csrf;
    $('#nav-knowledge-item').hidden = state.role !== 'editor';
    document.body.dataset.role = state.role;
    // Only "#/..." hashes are routes; anything else (an in-page anchor) is left to the browser.
    window.addEventListener('hashchange', () => { if (!window.location.hash || window.location.hash.startsWith('#/')) route(); });
    if (!window.location.hash.startsWith('#/')) window.history.replaceState(null, '', '#/queue');
    route();
  }

  init();
})();
