// Operator console: a small page over the JSON API under /console/api. No build step.
'use strict';

const api = '/console/api';
const pages = ['overview', 'runs', 'dead-letters', 'customers'];
let refreshTimer = null;
// the overview and the runs page refresh themselves while open: every 2 s while a window runs, else every 10 s
const REFRESH_RUNNING_MS = 2000;
const REFRESH_IDLE_MS = 10000;

function scheduleRefresh(page, loader, running) {
  if (refreshTimer) { clearTimeout(refreshTimer); }
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    // a failed refresh (the service restarting) shows its error and tries again
    if (currentPage() === page) { loader().catch(e => { show(e.message); scheduleRefresh(page, loader, false); }); }
  }, running ? REFRESH_RUNNING_MS : REFRESH_IDLE_MS);
  document.body.dataset.refreshMs = String(running ? REFRESH_RUNNING_MS : REFRESH_IDLE_MS);
}

function esc(v) {
  return v === null || v === undefined ? '' : String(v)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function show(text, ok) {
  const m = document.getElementById('message');
  m.textContent = text || '';
  m.className = ok ? 'ok' : 'error';
}

async function getJson(path) {
  const r = await fetch(api + path, { headers: { 'Accept': 'application/json' } });
  const body = await r.json();
  if (!r.ok) { throw new Error(body.error || r.statusText); }
  return body;
}

async function post(path, payload) {
  const headers = { 'Content-Type': 'application/json' };
  const token = sessionStorage.getItem('consoleToken') || '';
  if (token) { headers['X-Console-Token'] = token; }
  const r = await fetch(api + path, { method: 'POST', headers, body: JSON.stringify(payload) });
  const body = await r.json();
  if (!r.ok) { throw new Error(body.error || r.statusText); }
  return body;
}

function table(columns, rows, rowAttrs) {
  if (!rows || rows.length === 0) { return '<p class="muted">无 none</p>'; }
  let h = '<table><thead><tr>' + columns.map(c => '<th>' + c[0] + '</th>').join('') + '</tr></thead><tbody>';
  rows.forEach(r => {
    h += '<tr' + (rowAttrs ? rowAttrs(r) : '') + '>' + columns.map(c => {
      const v = c[1](r);
      return '<td' + (c[2] ? ' class="' + c[2] + '"' : '') + '>' + v + '</td>';
    }).join('') + '</tr>';
  });
  return h + '</tbody></table>';
}

function duration(ms) {
  if (ms === null || ms === undefined) { return ''; }
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function status(s) { return '<span class="status-' + esc(s) + '">' + esc(s) + '</span>'; }

function progress(w) {
  if (w.status !== 'RUNNING') { return esc(w.pages); }
  return '第 ' + esc(w.pages) + ' 页 / 共 ' + (w.pages_total === null ? '?' : esc(w.pages_total))
    + ' 页 <span class="progress">page ' + esc(w.pages) + ' of ' + (w.pages_total === null ? '?' : esc(w.pages_total)) + '</span>';
}

// orders read in no bucket: 0 for every finished window (a running window's batches may still be settling)
function unbucketed(r) {
  if (r.order_buckets === false) { return '<span class="muted" title="written before the order buckets (upgrade)">—</span>'; }
  const n = r.orders - r.filtered - r.dead_lettered - r.saved - r.existing - r.already_written - r.repeated;
  return n === 0 ? '0' : '<span class="status-' + (r.status === 'RUNNING' ? 'RUNNING' : 'FAILED') + '">' + esc(n) + '</span>';
}

const runColumns = [
  ['#', r => esc(r.id)],
  ['类型 Kind', r => r.kind === 'cycle' ? '周期 cycle (' + esc(r.mode) + ')' : '窗口 window'],
  ['窗口 Window / 开始 Started', r => r.kind === 'cycle' ? esc(r.started_at) : esc(r.window_start) + ' → ' + esc(r.window_end)],
  ['状态 Status', r => status(r.status)],
  ['页 Pages', r => r.kind === 'window' ? progress(r) : esc(r.pages), 'num'],
  // every order read is in one bucket: 读取 Read = 过滤 + 死信 + 新建 + 已存在 + 已写过 + 重复 (a dry run: would park, would write)
  ['读取 Read', r => esc(r.orders), 'num'],
  ['过滤 Filtered', r => esc(r.filtered), 'num'],
  ['死信 Parked', r => esc(r.dead_lettered), 'num'],
  ['新建 New', r => esc(r.saved), 'num'],
  ['已存在 Existing', r => esc(r.existing), 'num'],
  ['已写过 Already written', r => esc(r.already_written), 'num'],
  ['重复 Repeated', r => esc(r.repeated), 'num'],
  ['差额 Unbucketed', r => unbucketed(r), 'num'],
  ['发送客户 Customers sent', r => esc(r.customers_sent), 'num'],
  ['耗时 Duration', r => duration(r.duration_ms), 'num'],
  ['错误 Error', r => esc(r.error)]
];

function runsTable(cycles) {
  const rows = [];
  cycles.forEach(c => { rows.push(c); (c.windows || []).forEach(w => rows.push(w)); });
  return table(runColumns, rows, r => ' class="' + r.kind + '" data-id="' + esc(r.id) + '" data-status="' + esc(r.status) + '"');
}

async function loadOverview() {
  const o = await getJson('/overview');
  const cards = [
    ['方案 Scheme', o.scheme],
    ['检查点 Checkpoint', (o.checkpoint || '—') + ' (' + o.zone + ')'],
    ['延迟 Lag', (o.lag || '—') + ' <small class="muted">(sync.lag ' + esc(o.configuredLag) + ')</small>'],
    ['下次触发 Next fire', o.schedule.scheduled ? esc(o.schedule.nextFire) + ' <small class="muted">' + esc(o.schedule.cron) + '</small>'
      : '未调度 not scheduled <small class="muted">(按需运行 on demand)</small>'],
    ['未处理死信 Open dead letters', '<a href="#dead-letters">' + esc(o.openDeadLetters) + '</a>']
  ];
  document.getElementById('overview-summary').innerHTML = cards.map(c =>
    '<div class="card"><div class="label">' + c[0] + '</div><div class="value">' + (c[0].startsWith('方案') || c[0].startsWith('检查点') ? esc(c[1]) : c[1]) + '</div></div>').join('');
  document.getElementById('overview-cycles').innerHTML = runsTable(o.lastCycles);
  // the product's own checks one by one; Camel's per-route and per-consumer checks summed up (unless not UP)
  const own = o.health.filter(h => !/^(route|consumer):/.test(h.id) || h.state !== 'UP');
  const routes = o.health.filter(h => /^(route|consumer):/.test(h.id));
  const upRoutes = routes.filter(h => h.state === 'UP').length;
  if (routes.length > 0) {
    own.push({ id: '路由与消费者 routes and consumers', state: upRoutes === routes.length ? 'UP' : 'DOWN',
      message: upRoutes + ' / ' + routes.length + ' UP' });
  }
  document.getElementById('overview-health').innerHTML = table([
    ['检查 Check', h => esc(h.id)], ['状态 State', h => '<span class="state-' + esc(h.state) + '">' + esc(h.state) + '</span>'],
    ['说明 Message', h => esc(h.message)]], own, h => ' class="health" data-id="' + esc(h.id) + '" data-state="' + esc(h.state) + '"');
  document.getElementById('overview-mapping').innerHTML = table([
    ['金蝶字段 Kingdee field', m => '<code>' + esc(m.field) + '</code>'], ['取值 Value', m => esc(m.value)]], o.mapping);
  const rules = Object.entries(o.configuredOrgRules).map(e => ({ shop: e[0], org: e[1], source: '配置 customer.org-rule.' + e[1], note: '' }))
    .concat(o.consoleOrgRules.map(r => ({ shop: r.shopNo, org: r.useOrg, source: '控制台 console (' + r.updatedAt + ')', note: r.note, console: true })));
  document.getElementById('overview-rules').innerHTML = table([
    ['店铺 Shop', r => esc(r.shop)], ['组织 Org', r => esc(r.org)], ['来源 Source', r => esc(r.source)], ['备注 Note', r => esc(r.note)],
    ['', r => r.console ? '<button class="rule-delete" data-shop="' + esc(r.shop) + '">删除 Delete</button>' : '']],
    rules, r => ' class="rule" data-shop="' + esc(r.shop) + '"');
  document.getElementById('overview-config').innerHTML = table([
    ['键 Key', e => '<code>' + esc(e[0]) + '</code>'], ['值 Value', e => '<code>' + esc(e[1]) + '</code>']],
    Object.entries(o.configuration), e => ' data-key="' + esc(e[0]) + '"');
  document.getElementById('overview-actions').innerHTML = table([
    ['时间 Time', a => esc(a.at)], ['操作 Action', a => esc(a.action)], ['对象 Target', a => esc(a.target)],
    ['备注 Note', a => esc(a.note)], ['结果 Outcome', a => esc(a.outcome)],
    ['来源 Source', a => esc(a.source) + (a.userAgent ? ' <small class="muted">' + esc(a.userAgent) + '</small>' : '')]],
    o.actions, a => ' class="action' + (/^refused/.test(a.outcome || '') ? ' refused' : '') + '"');
  document.body.dataset.refreshedAt = new Date().toISOString();
  scheduleRefresh('overview', loadOverview, (o.lastCycles || []).some(c => c.status === 'RUNNING'));
}

async function loadRuns() {
  const r = await getJson('/runs');
  document.getElementById('runs-table').innerHTML = runsTable(r.cycles);
  document.body.dataset.refreshedAt = new Date().toISOString();
  scheduleRefresh('runs', loadRuns, r.cycles.some(c => c.status === 'RUNNING'));
}

function letterFilter() {
  return { stage: document.getElementById('dl-stage').value, reason: document.getElementById('dl-reason').value.trim() };
}

async function loadDeadLetters() {
  const f = letterFilter();
  const q = new URLSearchParams();
  if (f.stage) { q.set('stage', f.stage); }
  if (f.reason) { q.set('reason', f.reason); }
  const d = await getJson('/dead-letters?' + q.toString());
  document.getElementById('dl-total').textContent = '未处理 open: ' + d.openTotal + ' · 筛选后 matching: ' + d.letters.length;
  const stages = [...new Set(d.groups.map(g => g.stage))];
  const sel = document.getElementById('dl-stage');
  const current = sel.value;
  sel.innerHTML = '<option value="">全部 all</option>' + stages.map(s => '<option value="' + esc(s) + '">' + esc(s) + '</option>').join('');
  sel.value = stages.includes(current) ? current : '';
  document.getElementById('dl-groups').innerHTML = table([
    ['阶段 Stage', g => esc(g.stage)], ['原因 Reason', g => esc(g.reason)], ['数量 Count', g => esc(g.count), 'num']], d.groups);
  const hasNext = d.letters.some(l => l.next_attempt !== null);
  const cols = [
    ['#', l => esc(l.id)], ['阶段 Stage', l => esc(l.stage)], ['单据 Item', l => esc(l.item_key)],
    ['店铺/抬头 Shop / title', l => esc(summary(l.payload))], ['原因 Reason', l => esc(l.reason)],
    ['次数 Attempts', l => esc(l.attempts), 'num'], ['首次 First', l => esc(l.first_attempt)], ['最近 Last', l => esc(l.last_attempt)]];
  if (hasNext) { cols.push(['下次尝试 Next attempt', l => esc(l.next_attempt)]); }
  cols.push(['操作 Actions', l => '<button class="retry" data-id="' + esc(l.id) + '">立即重试 Retry now</button> '
    + '<button class="resolve" data-id="' + esc(l.id) + '">人工处理 Resolve by hand</button>']);
  document.getElementById('dl-table').innerHTML = table(cols, d.letters, l => ' class="letter" data-id="' + esc(l.id) + '"');
  document.getElementById('dl-resolved').innerHTML = table([
    ['#', l => esc(l.id)], ['单据 Item', l => esc(l.item_key)], ['处理时间 Resolved', l => esc(l.resolved_at)],
    ['处理 Resolution', l => esc(l.resolution)]], d.recentlyResolved, l => ' class="resolved" data-id="' + esc(l.id) + '"');
}

function summary(payload) {
  try {
    const p = JSON.parse(payload);
    if (p.type === 'order') { return (p.shop_no || '') + ' · ' + (p.invoice_title || ''); }
    if (p.type === 'customer') { return (p.shopNo || '') + ' · ' + (p.name || '') + ' · ' + (p.number || ''); }
  } catch (e) { /* not JSON */ }
  return '';
}

async function retry(payload) {
  show('重试中 Retrying…', true);
  const r = await post('/dead-letters/retry', payload);
  show((r.skipped ? '已跳过 Skipped: ' : '重试完成 Retried: ') + r.message, !r.skipped);
  await loadDeadLetters();
}

async function loadCustomers() {
  const q = document.getElementById('cust-q').value.trim();
  if (!q) { document.getElementById('cust-table').innerHTML = ''; document.getElementById('cust-letters').innerHTML = ''; return; }
  const d = await getJson('/customers?q=' + encodeURIComponent(q));
  document.getElementById('cust-table').innerHTML = '<h3>客户登记 Customer registry</h3>' + table([
    ['客户编码 Number (FNumber)', c => '<code>' + esc(c.number) + '</code>'], ['名称 Title', c => esc(c.name)],
    ['使用组织 Use org', c => esc(c.use_org)], ['状态 Status', c => status(c.status)], ['FCUSTID', c => esc(c.fcustid)],
    ['税号 Tax code', c => esc(c.tax_code)], ['来源出库单 Created by stockout', c => esc(c.first_stockout_no)],
    ['分配时间 Allocated', c => esc(c.allocated_at)], ['原因 Reason', c => esc(c.reason)]],
    d.customers, c => ' class="customer" data-number="' + esc(c.number) + '" data-status="' + esc(c.status) + '"');
  document.getElementById('cust-letters').innerHTML = d.deadLetters.length === 0 ? '' : '<h3>相关死信 Dead letters</h3>' + table([
    ['#', l => esc(l.id)], ['阶段 Stage', l => esc(l.stage)], ['原因 Reason', l => esc(l.reason)],
    ['处理 Resolution', l => l.resolved_at ? esc(l.resolved_at + ' ' + l.resolution) : '未处理 open']], d.deadLetters);
}

const loaders = { 'overview': loadOverview, 'runs': loadRuns, 'dead-letters': loadDeadLetters, 'customers': loadCustomers };

function currentPage() {
  const h = location.hash.replace('#', '');
  return pages.includes(h) ? h : 'overview';
}

function route() {
  if (refreshTimer) { clearTimeout(refreshTimer); refreshTimer = null; }
  const page = currentPage();
  show('', true);
  pages.forEach(p => {
    document.getElementById('page-' + p).classList.toggle('active', p === page);
    document.getElementById('nav-' + p).classList.toggle('active', p === page);
  });
  document.body.dataset.page = page;
  document.body.dataset.loaded = 'false';
  loaders[page]().then(() => { document.body.dataset.loaded = 'true'; }).catch(e => show(e.message));
}

function act(promise) { promise.catch(e => show('失败 Failed: ' + e.message)); }

document.addEventListener('click', ev => {
  const b = ev.target.closest('button');
  if (!b) { return; }
  if (b.classList.contains('retry')) {
    act(retry({ id: Number(b.dataset.id), note: document.getElementById('dl-note').value }));
  } else if (b.classList.contains('resolve')) {
    const note = document.getElementById('dl-note').value.trim();
    if (!note) { show('请先填写备注 Write a note first (备注 Note)'); return; }
    act(post('/dead-letters/resolve', { id: Number(b.dataset.id), note })
      .then(r => { show(r.message, true); return loadDeadLetters(); }));
  } else if (b.id === 'dl-retry-all') {
    const f = letterFilter();
    act(retry({ stage: f.stage, reason: f.reason, note: document.getElementById('dl-note').value }));
  } else if (b.id === 'dl-filter') {
    act(loadDeadLetters());
  } else if (b.id === 'rule-add') {
    act(post('/org-rules', { shopNo: document.getElementById('rule-shop').value, useOrg: document.getElementById('rule-org').value,
      note: document.getElementById('rule-note').value }).then(r => show('规则已保存 Rule saved: ' + r.message, true)));
  } else if (b.classList.contains('rule-delete')) {
    // the note says why the rule goes (kept in the console's action log)
    const note = (window.prompt('删除店铺 ' + b.dataset.shop + ' 的规则：原因？ Why delete the rule of shop ' + b.dataset.shop + '?') || '').trim();
    if (!note) { show('未删除：需要写明原因 Not deleted: a note is needed'); return; }
    act(post('/org-rules/delete', { shopNo: b.dataset.shop, note })
      .then(r => { show(r.message, true); return loadOverview(); }));
  } else if (b.id === 'cust-search') {
    act(loadCustomers());
  }
});

// no inline handlers (the Content-Security-Policy forbids them): the forms never submit themselves
document.querySelectorAll('form').forEach(f => f.addEventListener('submit', ev => ev.preventDefault()));

const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('consoleToken') || '';
tokenInput.addEventListener('input', () => sessionStorage.setItem('consoleToken', tokenInput.value.trim()));
window.addEventListener('hashchange', route);
route();
