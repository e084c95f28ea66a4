// CommitmentBot sandbox: a small chat client over /sandbox/api (no framework, no build step).
(() => {
  "use strict";
  const api = "/sandbox/api";
  const state = { users: [], current: null, channel: "escalations", transcripts: {}, clock: null, next: null, counts: {}, seen: null };
  const $ = (id) => document.getElementById(id);

  // What each kind of bot message is, in a word, shown next to its time.
  const kindTags = {
    HeadsUp: "heads-up", Due: "due now", Overdue: "overdue", ManagerEscalation: "escalation",
    ManagerEarlyWarning: "early warning", ChannelEscalation: "escalation", Bundle: "nudges",
    AdminNotice: "for admins", Playbook: "slip playbook", Error: "not done",
  };

  async function call(method, path, body) {
    const response = await fetch(api + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) {
      throw new Error((data && (data.detail || data.title)) || `${response.status} ${response.statusText}`);
    }
    return data;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // Paragraphs split on blank lines, `code` spans, and "> " lines (drafts to copy) as quotes.
  function format(text) {
    return String(text).split(/\n{2,}/).map((block) => {
      const parts = [];
      for (const line of block.split("\n")) {
        const quote = line.startsWith("> ");
        const last = parts[parts.length - 1];
        if (last && last.quote === quote) last.lines.push(quote ? line.slice(2) : line);
        else parts.push({ quote, lines: [quote ? line.slice(2) : line] });
      }
      return parts.map((p) => p.quote
        ? `<blockquote>${p.lines.map(inline).join("<br>")}</blockquote>`
        : `<p>${p.lines.map(inline).join("<br>")}</p>`).join("");
    }).join("");
  }

  function inline(line) {
    return escapeHtml(line)
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/(^|\s)((?:https?:\/\/[^\s<]+)|(?:\/record\/[A-Za-z0-9_-]+))/g, '$1<a href="$2" target="_blank" rel="noreferrer">$2</a>');
  }

  function zoneOf(userId) {
    const user = state.users.find((u) => u.id === userId);
    return (user && user.zone) || "UTC";
  }

  // "Mon 1 Feb, 9:00 AM EST" in the given zone, the way the bot writes times.
  function when(iso, zone) {
    const date = new Date(iso);
    try {
      const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
        timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short",
      }).formatToParts(date).map((p) => [p.type, p.value]));
      return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute} ${parts.dayPeriod} ${parts.timeZoneName}`;
    } catch {
      return date.toUTCString();
    }
  }

  function transcript(userId) {
    if (!state.transcripts[userId]) state.transcripts[userId] = [];
    return state.transcripts[userId];
  }

  function meta(text, tag) {
    const span = document.createElement("span");
    span.className = "meta";
    span.textContent = text;
    if (tag) {
      const pill = document.createElement("span");
      pill.className = "tag";
      pill.textContent = tag;
      span.appendChild(pill);
    }
    return span;
  }

  function renderMessage(entry, owner) {
    const el = document.createElement("div");
    const zone = zoneOf(state.current);
    if (entry.kind === "me" || entry.kind === "press") {
      el.className = "msg me";
      el.appendChild(meta(`you · ${when(entry.at, zone)}`));
      const body = document.createElement("div");
      body.innerHTML = entry.kind === "me"
        ? `<code>/promise ${escapeHtml(entry.text)}</code>`
        : `pressed <strong>${escapeHtml(entry.label)}</strong>${entry.detail ? " · " + escapeHtml(entry.detail) : ""}`;
      el.appendChild(body);
      return el;
    }

    const m = entry.message;
    el.className = `msg bot ${m.kind}`;
    el.dataset.messageId = m.id;
    const where = entry.kind === "dm" ? "CommitmentBot · direct message" : "CommitmentBot";
    el.appendChild(meta(`${where} · ${when(m.at, zone)}`, kindTags[m.kind]));
    if (!m.sections) {
      el.insertAdjacentHTML("beforeend", format(m.text));
      return el;
    }

    el.insertAdjacentHTML("beforeend", `<div class="headline">${format(m.headline)}</div>`);
    for (const s of m.sections) {
      el.appendChild(renderSection(m, s, owner));
    }
    for (const image of m.images || []) {
      const img = document.createElement("img");
      img.className = "chart";
      img.src = image.url;
      img.alt = image.alt;
      img.title = image.alt;
      el.appendChild(img);
    }
    return el;
  }

  function renderSection(message, section, owner) {
    const box = document.createElement("div");
    // Slip playbook steps ("☐ I own it", "✓ Alert my manager") are laid out as a compact checklist.
    const step = section.title && /^[☐✓] /.test(section.title);
    box.className = "section" + (step ? " step" + (section.title.startsWith("✓") ? " done" : "") : "");
    if (section.title) {
      const title = document.createElement("div");
      title.className = "section-title";
      title.textContent = section.title;
      box.appendChild(title);
    }
    if (section.text) box.insertAdjacentHTML("beforeend", format(section.text));
    if (section.facts.length) {
      const facts = document.createElement("dl");
      facts.className = "facts";
      for (const f of section.facts) {
        facts.insertAdjacentHTML("beforeend", `<dt>${escapeHtml(f.label)}</dt><dd>${inline(f.value)}</dd>`);
      }
      box.appendChild(facts);
    }
    if (section.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const b of section.buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.label + (b.inputs.length ? " …" : "");
        button.className = b.style || "";
        button.dataset.actionId = b.actionId;
        button.addEventListener("click", () => onButton(message, b, box, button, owner));
        row.appendChild(button);
      }
      box.appendChild(row);
    }
    return box;
  }

  function onButton(message, button, box, element, owner) {
    if (!button.inputs.length) {
      element.disabled = true;
      click(owner, message, button, undefined);
      return;
    }

    // Buttons that submit inputs open a small form under their own section (a modal on Slack, a card form on Teams).
    const open = box.querySelector("form.inputs");
    if (open) {
      const same = open.dataset.actionId === button.actionId;
      open.remove();
      if (same) return;
    }
    const form = document.createElement("form");
    form.className = "inputs";
    form.dataset.actionId = button.actionId;
    for (const input of button.inputs) {
      const label = document.createElement("label");
      label.textContent = input.label;
      const field = document.createElement("input");
      field.name = input.id;
      field.type = input.kind === "date" ? "date" : input.kind === "time" ? "time" : "text";
      if (field.type === "text") field.className = "wide";
      if (input.initial) field.value = input.initial;
      if (input.required) field.required = true;
      if (input.maxLength) field.maxLength = input.maxLength;
      label.appendChild(field);
      form.appendChild(label);
    }
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "primary";
    submit.textContent = button.label;
    form.appendChild(submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit.disabled = true;
      const values = {};
      for (const field of form.querySelectorAll("input")) if (field.value) values[field.name] = field.value;
      click(owner, message, button, values);
    });
    box.appendChild(form);
    const first = form.querySelector("input");
    if (first) first.focus();
  }

  async function click(userId, message, button, values) {
    const detail = values ? Object.values(values).join(" ") : "";
    transcript(userId).push({ kind: "press", label: button.label, detail, at: state.clock });
    try {
      const result = await call("POST", "/click", { user: userId, messageId: message.id, actionId: button.actionId, values });
      transcript(userId).push({ kind: "bot", message: result.reply, at: result.reply.at });
    } catch (error) {
      transcript(userId).push({ kind: "bot", message: errorMessage(error.message), at: state.clock });
    }
    await refresh();
  }

  function errorMessage(text) {
    return { id: "", text, buttons: [], kind: "Error", at: state.clock || new Date().toISOString() };
  }

  async function say(text) {
    const userId = state.current;
    transcript(userId).push({ kind: "me", text, at: state.clock });
    try {
      const result = await call("POST", "/say", { user: userId, text });
      transcript(userId).push({ kind: "bot", message: result.reply, at: result.reply.at });
    } catch (error) {
      transcript(userId).push({ kind: "bot", message: errorMessage(error.message), at: state.clock });
    }
    await refresh();
  }

  function renderChat(inbox) {
    const userId = state.current;
    const entries = transcript(userId).concat(inbox.map((m) => ({ kind: "dm", message: m, at: m.at })));
    // Stable merge by time: what you typed, the bot's replies and direct messages, oldest first.
    entries.forEach((e, i) => (e.order = i));
    entries.sort((a, b) => (Date.parse(a.at) - Date.parse(b.at)) || (a.order - b.order));
    const box = $("messages");
    box.replaceChildren(...entries.map((e) => renderMessage(e, userId)));
    if (!entries.length) {
      box.innerHTML = '<div class="empty"><p><strong>No messages yet.</strong></p><p>Make a promise below, e.g. <code>send revised quote for Acme by Friday 3pm</code>, then move the clock forward to see the nudges arrive.</p></div>';
    }
    box.scrollTop = box.scrollHeight;
  }

  async function renderChannel() {
    const posts = await call("GET", `/channels/${encodeURIComponent(state.channel)}`);
    const box = $("channel-messages");
    $("channel-name").textContent = state.channel;
    box.replaceChildren(...posts.map((m) => renderMessage({ kind: "post", message: m }, state.current)));
    if (!posts.length) box.innerHTML = '<p class="empty">Nothing escalated here yet. A promise that slips with no word from the rep and no answer from the manager is posted here.</p>';
    box.scrollTop = box.scrollHeight;
  }

  function roleOf(user) {
    const roles = [];
    if (state.users.some((u) => u.manager === user.id)) roles.push("manager");
    if (user.manager) roles.push("rep");
    if (user.admin) roles.push("admin");
    return roles.join(" · ");
  }

  function renderUsers() {
    const list = $("users");
    list.replaceChildren(...state.users.map((u) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = u.id === state.current ? "active" : "";
      button.dataset.user = u.id;
      const unread = (state.counts[u.id] || 0) - ((state.seen && state.seen[u.id]) || 0);
      const role = roleOf(u);
      button.innerHTML = `<span class="name">${escapeHtml(u.name)}${role ? ` <span class="role">${escapeHtml(role)}</span>` : ""}</span>`
        + (unread > 0 && u.id !== state.current ? `<span class="badge" title="new direct messages">${unread}</span>` : "")
        + `<span class="zone">${escapeHtml(u.zone)}${u.manager ? " · reports to " + escapeHtml(u.manager) : ""}</span>`;
      button.addEventListener("click", () => { state.current = u.id; refresh(); $("say-text").focus(); });
      li.appendChild(button);
      return li;
    }));
    const me = state.users.find((u) => u.id === state.current);
    $("current-user").textContent = me ? me.name : state.current;
    $("current-zone").textContent = me ? `· ${me.zone}` : "";
  }

  function renderClock() {
    const zone = zoneOf(state.current);
    $("clock-now").textContent = when(state.clock, zone);
    $("clock-next").textContent = state.next ? `next: ${when(state.next, zone)}` : "nothing scheduled";
    $("to-due").disabled = !state.next;
    $("to-due").title = state.next ? `Move the clock to ${when(state.next, zone)}, when the next nudge or escalation is due` : "Nothing is scheduled";
  }

  async function refresh() {
    state.users = await call("GET", "/users");
    if (!state.current || !state.users.some((u) => u.id === state.current)) state.current = state.users.length ? state.users[0].id : null;
    const clock = await call("GET", "/clock");
    state.clock = clock.now;
    state.next = clock.next;
    const inboxes = await Promise.all(state.users.map((u) => call("GET", `/inbox/${encodeURIComponent(u.id)}`)));
    state.users.forEach((u, i) => (state.counts[u.id] = inboxes[i].length));
    if (!state.seen) state.seen = { ...state.counts };
    if (state.current) state.seen[state.current] = state.counts[state.current];
    renderUsers();
    renderClock();
    const mine = inboxes[state.users.findIndex((u) => u.id === state.current)] || [];
    if (state.current) renderChat(mine);
    await renderChannel();
  }

  // The clock buttons stay off until the page shows the new time, so a second press starts from it.
  async function advance(body) {
    document.querySelectorAll(".clock button").forEach((b) => (b.disabled = true));
    try {
      await call("POST", "/clock", body);
    } catch (error) {
      transcript(state.current).push({ kind: "bot", message: errorMessage(error.message), at: state.clock });
    }
    try {
      await refresh();
    } finally {
      document.querySelectorAll("[data-advance]").forEach((b) => (b.disabled = false));
      renderClock();
    }
  }

  function showFailure(error) {
    $("messages").insertAdjacentHTML("beforeend", `<div class="msg bot Error"><p>${escapeHtml(error.message)}</p></div>`);
  }

  document.querySelectorAll("[data-advance]").forEach((b) => b.addEventListener("click", () => advance({ advance: b.dataset.advance }).catch(showFailure)));
  $("to-due").addEventListener("click", () => state.next && advance({ to: state.next }).catch(showFailure));
  $("say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("say-text");
    const text = field.value.trim().replace(/^\/promise\s*/i, "");
    if (!text || !state.current) return;
    field.value = "";
    say(text).catch(showFailure);
  });
  document.querySelectorAll(".hint").forEach((b) => b.addEventListener("click", () => {
    const field = $("say-text");
    field.value = b.textContent.trim();
    field.focus();
  }));
  $("user-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const data = Object.fromEntries(new FormData(form));
    try {
      await call("PUT", `/users/${encodeURIComponent(data.id)}`, { name: data.name || null, zone: data.zone || null, manager: data.manager || null, admin: !!data.admin });
      $("user-error").textContent = "";
      state.current = data.id;
      form.reset();
      await refresh();
    } catch (error) {
      $("user-error").textContent = error.message;
    }
  });
  document.querySelectorAll(".channel-link").forEach((b) => b.addEventListener("click", () => { state.channel = b.dataset.channel; renderChannel().catch(showFailure); }));

  refresh().catch(showFailure);
})();
