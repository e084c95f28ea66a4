// CommitmentBot sandbox: a small chat client over /sandbox/api (no framework, no build step).
(() => {
  "use strict";
  const api = "/sandbox/api";
  // The conversation itself lives on the server (/conversation/{id}, /channels/{name}?as=): a reload shows it all,
  // in order, with used buttons replaced by what they did. Only failed requests are kept here, until the next person switch.
  const state = { users: [], current: null, channel: null, channels: [], opened: [], failures: {}, clock: null, next: null, counts: {}, seen: null, busy: false };
  const $ = (id) => document.getElementById(id);

  // What each kind of bot message is, in a word, shown next to its time.
  const kindTags = {
    HeadsUp: "heads-up", Due: "due now", Overdue: "overdue", ManagerEscalation: "escalation",
    ManagerEarlyWarning: "early warning", ChannelEscalation: "escalation", Bundle: "nudges",
    AdminNotice: "for admins", TeamChange: "team change", Playbook: "slip playbook", Error: "not done",
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

  // Requests the server refused (a 4xx) are shown where they were made, after the conversation.
  function failures(where) {
    if (!state.failures[where]) state.failures[where] = [];
    return state.failures[where];
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

  function renderMessage(m, owner) {
    const el = document.createElement("div");
    const zone = zoneOf(state.current);
    if (m.kind === "Said" || m.kind === "Pressed") {
      el.className = "msg me";
      el.dataset.messageId = m.id;
      el.appendChild(meta(`you · ${when(m.at, zone)}`));
      const body = document.createElement("div");
      if (m.kind === "Said") {
        body.innerHTML = `<code>/promise ${escapeHtml(m.text)}</code>`;
      } else {
        const cut = m.text.indexOf(" · ");
        const label = cut < 0 ? m.text : m.text.slice(0, cut);
        body.innerHTML = `pressed <strong>${escapeHtml(label)}</strong>${cut < 0 ? "" : " · " + escapeHtml(m.text.slice(cut + 3))}`;
      }
      el.appendChild(body);
      return el;
    }

    if (m.from && m.to && m.to.startsWith("channel:")) {
      // A person's ordinary message in a channel (POST /post): what noticing reads, and what "Track as a promise" acts on.
      el.className = "msg person";
      el.dataset.messageId = m.id;
      const author = state.users.find((u) => u.id === m.from);
      el.appendChild(meta(`${author ? author.name : m.headline || m.from} · ${when(m.at, zone)}`));
      el.insertAdjacentHTML("beforeend", format(m.text));
      const track = document.createElement("button");
      track.type = "button";
      track.className = "shortcut";
      track.textContent = "⋯ Track as a promise";
      track.title = "Open the form prefilled from this message (Slack's message shortcut, Teams' message action)";
      track.addEventListener("click", () => shortcut(m).catch(showFailure));
      el.appendChild(track);
      return el;
    }

    el.className = `msg bot ${m.kind}`;
    if (m.id) el.dataset.messageId = m.id;
    const where = m.to && m.to.startsWith("user:") ? "CommitmentBot · direct message"
      : m.to && m.to.startsWith("reply:") && m.channel ? "CommitmentBot · only you can see this" : "CommitmentBot";
    el.appendChild(meta(`${where} · ${when(m.at, zone)}`, kindTags[m.kind]));
    // A message to whoever covers for someone away says so up front ("Covering for Ana: …", or each part of a bundle);
    // the page marks it too.
    const covered = [m.headline || m.text || "", ...(m.sections || []).map((s) => s.title || "")]
      .map((line) => /^Covering for ([^:]+):/.exec(line)).filter(Boolean).map((found) => found[1]);
    if (covered.length) {
      el.classList.add("covering");
      const pill = document.createElement("span");
      pill.className = "tag covering-tag";
      pill.textContent = `covering for ${[...new Set(covered)].join(", ")}`;
      el.querySelector(".meta").appendChild(pill);
    }
    if (m.updatedAt) {
      const updated = document.createElement("span");
      updated.className = "meta updated";
      updated.textContent = `updated ${when(m.updatedAt, zone)}`;
      el.querySelector(".meta").appendChild(updated);
    }
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
        if (b.outcome) {
          // Used: what it did, in its place (as chat.update on Slack and the card update on Teams show it).
          const done = document.createElement("span");
          done.className = "outcome";
          done.dataset.actionId = b.actionId;
          done.innerHTML = `<strong>✓ ${escapeHtml(b.label)}</strong> ${inline(firstLine(b.outcome))}`;
          row.appendChild(done);
          continue;
        }
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
      label.appendChild(inputField(input));
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
      for (const field of form.querySelectorAll("input, select")) if (field.value) values[field.name] = field.value;
      click(owner, message, button, values);
    });
    box.appendChild(form);
    const first = form.querySelector("input, select");
    if (first) first.focus();
  }

  // One field of a button's form: a choice is a drop-down of its titles (Snooze: "1 hour", "Tomorrow morning"), submitting
  // its values; a date or a time is the browser's own picker; anything else is a text box.
  function inputField(input) {
    const options = input.options || (input.choices || []).map((value) => ({ value, title: value }));
    if (input.kind === "choice" && options.length) {
      const select = document.createElement("select");
      select.name = input.id;
      if (!input.required && !input.initial) select.appendChild(new Option("—", ""));
      for (const o of options) select.appendChild(new Option(o.title, o.value, false, o.value === input.initial));
      return select;
    }
    const field = document.createElement("input");
    field.name = input.id;
    field.type = input.kind === "date" ? "date" : input.kind === "time" ? "time" : "text";
    if (field.type === "text") field.className = "wide";
    if (input.initial) field.value = input.initial;
    if (input.required) field.required = true;
    if (input.maxLength) field.maxLength = input.maxLength;
    return field;
  }

  function firstLine(text) {
    const line = String(text).split("\n")[0];
    return line.length > 160 ? line.slice(0, 157) + "…" : line;
  }

  // Where a press or a command happened: the person's chat with the bot, or a channel.
  function placeOf(message) {
    if (message.to && message.to.startsWith("channel:")) return "#" + message.to.slice(8);
    return message.channel ? "#" + message.channel : "@" + state.current;
  }

  async function click(userId, message, button, values) {
    try {
      await call("POST", "/click", { user: userId, messageId: message.id, actionId: button.actionId, values });
    } catch (error) {
      failures(placeOf(message)).push(errorMessage(error.message));
    }
    await refresh();
  }

  function errorMessage(text) {
    return { id: "", text, headline: text, buttons: [], kind: "Error", at: state.clock || new Date().toISOString() };
  }

  async function say(text, channel) {
    try {
      await call("POST", "/say", { user: state.current, text, channel: channel || null });
    } catch (error) {
      failures(channel ? "#" + channel : "@" + state.current).push({ ...errorMessage(error.message), failedText: text });
    }
    await refresh();
  }

  // An ordinary message in a channel (not a command): noticing promises reads it when the workspace has it on.
  async function post(text, channel) {
    try {
      await call("POST", "/post", { user: state.current, channel, text });
    } catch (error) {
      failures("#" + channel).push({ ...errorMessage(error.message), failedText: text });
    }
    await refresh();
  }

  // "Track as a promise" on a channel message: the prefilled form arrives in the current person's chat with the bot.
  async function shortcut(message) {
    try {
      await call("POST", "/shortcut", { user: state.current, messageId: message.id });
    } catch (error) {
      failures(placeOf(message)).push(errorMessage(error.message));
    }
    await refresh();
  }

  function renderChat(conversation) {
    const userId = state.current;
    const entries = conversation.concat(failures("@" + userId));
    const box = $("messages");
    box.replaceChildren(...entries.map((m) => renderMessage(m, userId)));
    if (!entries.length) {
      box.innerHTML = '<div class="empty"><p><strong>No messages yet.</strong></p><p>Make a promise below, e.g. <code>send revised quote for Acme by Friday 3pm</code>, then move the clock forward to see the nudges arrive.</p></div>';
    }
    box.scrollTop = box.scrollHeight;
  }

  function renderChannels() {
    const names = state.channels.map((c) => c.name);
    for (const name of state.opened) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
    if (!state.channel || !names.some((n) => n.toLowerCase() === state.channel.toLowerCase())) state.channel = names[0] || null;
    $("channels").replaceChildren(...names.map((name) => {
      const info = state.channels.find((c) => c.name.toLowerCase() === name.toLowerCase());
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "channel-link" + (name === state.channel ? " active" : "");
      button.dataset.channel = name;
      button.innerHTML = `<span class="name"># ${escapeHtml(name)}${info && info.escalation ? ' <span class="tag">escalations</span>' : ""}</span>`
        + (info && info.posts ? `<span class="count">${info.posts}</span>` : "");
      button.addEventListener("click", () => { state.channel = name; refresh().catch(showFailure); });
      li.appendChild(button);
      return li;
    }));
  }

  async function renderChannel() {
    const box = $("channel-messages");
    const me = state.users.find((u) => u.id === state.current);
    $("channel-as").textContent = me ? me.name : (state.current || "…");
    if (!state.channel) {
      $("channel-name").textContent = "";
      $("channel-role").textContent = "";
      box.innerHTML = '<p class="empty">No escalation channel is set. Open a channel on the left and type <code>admin channel</code> in it as an admin.</p>';
      return;
    }
    const posts = await call("GET", `/channels/${encodeURIComponent(state.channel)}?as=${encodeURIComponent(state.current || "")}`);
    const info = state.channels.find((c) => c.name.toLowerCase() === state.channel.toLowerCase());
    $("channel-name").textContent = state.channel;
    $("channel-role").textContent = info && info.escalation ? "· team escalation channel" : "· not the escalation channel";
    const entries = posts.concat(failures("#" + state.channel));
    box.replaceChildren(...entries.map((m) => renderMessage(m, state.current)));
    if (!entries.length) {
      box.innerHTML = info && info.escalation
        ? '<p class="empty">Nothing escalated here yet. A promise that slips with no word from the rep and no answer from the manager is posted here.</p>'
        : '<p class="empty">Nothing here yet. An admin can type <code>admin channel</code> below to send escalations to this channel.</p>';
    }
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
        + `<span class="zone">${escapeHtml(u.zone)}${u.manager ? " · reports to " + escapeHtml(u.manager) : ""}</span>`
        + (u.away ? `<span class="away">${escapeHtml(u.away)}</span>` : "")
        + ((u.coveringFor || []).length ? `<span class="covering">covering for ${escapeHtml(u.coveringFor.join(", "))}</span>` : "");
      button.addEventListener("click", () => { state.current = u.id; refresh(); $("say-text").focus(); });
      li.appendChild(button);
      return li;
    }));
    const me = state.users.find((u) => u.id === state.current);
    $("current-user").textContent = me ? me.name : state.current;
    $("current-zone").textContent = me ? `· ${me.zone}` : "";
    // The person's own absence (and whoever they cover for) stays in view above their chat, as their list says it.
    const status = [];
    if (me && me.away) status.push(me.away);
    if (me && (me.coveringFor || []).length) status.push(`covering for ${me.coveringFor.join(", ")}`);
    $("current-away").textContent = status.join(" · ");
    $("current-away").hidden = !status.length;
  }

  function renderClock() {
    const zone = zoneOf(state.current);
    $("clock-now").textContent = when(state.clock, zone);
    $("clock-next").textContent = state.next ? `next: ${when(state.next, zone)}` : "nothing scheduled";
    $("to-due").disabled = !state.next || state.busy;
    $("to-due").title = state.next ? `Move the clock to ${when(state.next, zone)}, when the next nudge or escalation is due` : "Nothing is scheduled";
  }

  async function refresh() {
    state.users = await call("GET", "/users");
    if (!state.current || !state.users.some((u) => u.id === state.current)) state.current = state.users.length ? state.users[0].id : null;
    const clock = await call("GET", "/clock");
    state.clock = clock.now;
    state.next = clock.next;
    state.channels = await call("GET", "/channels");
    const inboxes = await Promise.all(state.users.map((u) => call("GET", `/inbox/${encodeURIComponent(u.id)}`)));
    state.users.forEach((u, i) => (state.counts[u.id] = inboxes[i].length));
    if (!state.seen) state.seen = loadSeen() || { ...state.counts };
    if (state.current) state.seen[state.current] = state.counts[state.current];
    saveSeen();
    renderUsers();
    renderClock();
    renderChannels();
    if (state.current) renderChat(await call("GET", `/conversation/${encodeURIComponent(state.current)}`));
    await renderChannel();
  }

  // Which person was open and how many of each person's direct messages were seen survive a reload.
  function loadSeen() {
    try { return JSON.parse(sessionStorage.getItem("sandbox.seen") || "null"); } catch { return null; }
  }

  function saveSeen() {
    try {
      sessionStorage.setItem("sandbox.seen", JSON.stringify(state.seen));
      if (state.current) sessionStorage.setItem("sandbox.current", state.current);
      if (state.channel) sessionStorage.setItem("sandbox.channel", state.channel);
    } catch { /* storage off: the page still works, it just forgets */ }
  }

  // While the clock runs (or the sandbox resets) a spinner shows and the clock buttons stay off until the page
  // shows the new time, so a second press starts from it.
  function setBusy(busy, text) {
    state.busy = busy;
    $("clock-busy").hidden = !busy;
    if (text) $("clock-busy").lastChild.textContent = " " + text;
    document.body.classList.toggle("busy", busy);
    document.querySelectorAll(".clock button").forEach((b) => (b.disabled = busy));
  }

  async function advance(body) {
    setBusy(true, "Running the clock…");
    try {
      await call("POST", "/clock", body);
    } catch (error) {
      failures("@" + state.current).push(errorMessage(error.message));
    }
    try {
      await refresh();
    } finally {
      setBusy(false);
      renderClock();
    }
  }

  async function reset() {
    if (!window.confirm("Start over? Every promise and message in the sandbox is erased, the clock goes back and the starting team (Ana, Maria, Sam) is added again.")) return;
    setBusy(true, "Starting over…");
    try {
      await call("POST", "/reset");
      state.failures = {};
      state.opened = [];
      state.seen = null;
      state.channel = null;
      try { sessionStorage.clear(); } catch { /* nothing kept */ }
      await refresh();
    } finally {
      setBusy(false);
      renderClock();
    }
  }

  function showFailure(error) {
    $("messages").insertAdjacentHTML("beforeend", `<div class="msg bot Error"><p>${escapeHtml(error.message)}</p></div>`);
  }

  document.querySelectorAll("[data-advance]").forEach((b) => b.addEventListener("click", () => advance({ advance: b.dataset.advance }).catch(showFailure)));
  $("to-due").addEventListener("click", () => state.next && advance({ to: state.next }).catch(showFailure));
  $("reset").addEventListener("click", () => reset().catch(showFailure));
  $("channel-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("channel-text");
    const text = field.value.trim().replace(/^\/promise\s*/i, "");
    if (!text || !state.current || !state.channel) return;
    field.value = "";
    say(text, state.channel).catch(showFailure);
  });
  $("channel-post").addEventListener("click", () => {
    const field = $("channel-text");
    const text = field.value.trim();
    if (!text || !state.current || !state.channel) return;
    field.value = "";
    post(text, state.channel).catch(showFailure);
  });
  $("channel-open").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = event.target.elements.name.value.trim().replace(/^#/, "");
    if (!name) return;
    if (!state.opened.includes(name)) state.opened.push(name);
    state.channel = name;
    event.target.reset();
    refresh().then(() => $("channel-text").focus()).catch(showFailure);
  });
  $("say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("say-text");
    const text = field.value.trim().replace(/^\/promise\s*/i, "");
    if (!text || !state.current) return;
    field.value = "";
    say(text).catch(showFailure);
  });
  document.querySelectorAll(".hint").forEach((b) => b.addEventListener("click", () => {
    const field = $(b.dataset.target || "say-text");
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
  try {
    state.current = sessionStorage.getItem("sandbox.current");
    state.channel = sessionStorage.getItem("sandbox.channel");
  } catch { /* no storage: start with the first person */ }
  refresh().catch(showFailure);
})();
