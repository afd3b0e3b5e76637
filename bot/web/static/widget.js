/*! System Leadership Coach web widget. It bundles the socket.io browser client (MIT licence, below). */
/*
 * Embed with one tag:
 *   <script src="http://HOST:WEB_PORT/widget.js" defer
 *           data-server-url="http://HOST:RASA_PORT"   (default: this script's host with RASA_PORT)
 *           data-title="System Leadership Coach"
 *           data-primary-color="#005eb8"
 *           data-greeting="/greet"                   (sent on first open; text not starting with "/" is shown instead; "" for none)
 *           data-cohort="CODE"                       (sent with every message as metadata {cohort})
 *           data-identity-token="JWT"></script>      (optional: the host site's signed identity token for
 *                                                     a signed-in leader; the journal then follows them)
 *
 * Text from the bot or the user is only ever put into the page with textContent and DOM nodes,
 * never as HTML. The conversation and the session's token are kept in localStorage (not a cookie:
 * the widget sits on other sites' pages). The server issues the session: on connecting, the widget
 * presents the signed token it was given (or the host's identity token) and the server confirms
 * it with `session_confirm <token>`, or refuses it with `session_refused`, after which the widget
 * forgets it and asks for a new session.
 */
(function () {
  "use strict";
  if (window.__systemLeadershipCoachWidget) return;
  window.__systemLeadershipCoachWidget = true;

  // The socket.io client, in its own scope: it sets no global and ignores any AMD loader.
  var io = (function () {
    var module = { exports: {} };
    var exports = module.exports;
    var define;
    /*@@SOCKET_IO_CLIENT@@*/
    return module.exports;
  }).call(window);

  var SERVER = /*@@CONFIG@@*/{};
  var script = document.currentScript || (function () {
    var scripts = document.querySelectorAll("script[src*='widget.js']");
    return scripts[scripts.length - 1];
  })();
  var scriptUrl = new URL(script.src, document.baseURI);
  var assetBase = scriptUrl.href.replace(/[^/]*$/, "");
  var data = script.dataset;

  var options = {
    serverUrl: (data.serverUrl || (scriptUrl.protocol + "//" + scriptUrl.hostname + ":" + (SERVER.rasaPort || 5005))).replace(/\/+$/, ""),
    title: (data.title || "System Leadership Coach").slice(0, 80),
    primaryColor: parseHexColor(data.primaryColor) || "#005eb8",
    greeting: data.greeting === undefined ? "/greet" : data.greeting.trim(),
    cohort: (data.cohort || "").trim().slice(0, 64),
    identityToken: (data.identityToken || "").trim(),
    maxChars: SERVER.maxMessageChars || 2000
  };

  // v2: sessions issued by the server (v1 kept an id the browser chose, which the server now refuses).
  var STORAGE_KEY = "slc-widget:v2:" + options.serverUrl;
  var MAX_STORED_MESSAGES = 300;
  var TYPING_TIMEOUT_MS = 45000;
  var state = loadState();
  var socket = null;
  var sessionReady = false;
  var status = "idle";
  var unread = 0;
  var typingTimer = null;
  var blobUrls = [];
  var ui = {};

  // ---------------------------------------------------------------- storage

  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function freshState() {
    return { sessionToken: null, signedIn: !!options.identityToken, greeted: false, messages: [] };
  }

  function loadState() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY));
      // A signed-in leader's conversation is never shown on a page where nobody is signed in.
      if (stored && (typeof stored.sessionToken === "string" || stored.sessionToken === null) &&
          Array.isArray(stored.messages) && !!stored.signedIn === !!options.identityToken) {
        return { sessionToken: stored.sessionToken, signedIn: !!stored.signedIn, greeted: !!stored.greeted,
                 messages: stored.messages.filter(isMessage) };
      }
    } catch (e) { /* no storage, or a broken entry: start afresh */ }
    return freshState();
  }

  function sessionRequest() {
    var request = {};
    if (options.identityToken) request.identity_token = options.identityToken;
    else if (state.sessionToken) request.session_token = state.sessionToken;
    return request;
  }

  function isMessage(m) {
    return m && typeof m === "object" && (m.from === "user" || m.from === "bot") && typeof m.ts === "number";
  }

  function saveState() {
    if (state.messages.length > MAX_STORED_MESSAGES) {
      state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    }
    for (var attempt = 0; attempt < 4; attempt++) {
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
        return;
      } catch (e) {
        if (state.messages.length < 2) return;  // storage unavailable: the page still works
        state.messages = state.messages.slice(Math.floor(state.messages.length / 2));
      }
    }
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function srOnly(text) {
    return el("span", "slc-sr", text);
  }

  function svgIcon(pathData) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "slc-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  function parseHexColor(value) {
    if (typeof value !== "string") return null;
    var v = value.trim();
    if (/^#[0-9a-fA-F]{3}$/.test(v)) v = "#" + v[1] + v[1] + v[2] + v[2] + v[3] + v[3];
    return /^#[0-9a-fA-F]{6}$/.test(v) ? v.toLowerCase() : null;
  }

  function luminance(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function formatTime(ts) {
    try {
      return new Date(ts).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    } catch (e) {
      return new Date(ts).toLocaleString();
    }
  }

  // ---------------------------------------------------------------- safe Markdown subset

  // **bold**, *italic*, [label](https://...), bare https:// links, "- " and "1. " lists,
  // "# " headings (shown bold), line breaks and paragraphs. Everything else is literal text.
  function renderMarkdown(container, text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var paragraph = null;
    var list = null;
    lines.forEach(function (line) {
      if (!line.trim()) { paragraph = null; list = null; return; }
      var bullet = /^\s*[-*\u2022]\s+(.*)$/.exec(line);
      var numbered = bullet ? null : /^\s*(\d{1,4})[.)]\s+(.*)$/.exec(line);
      var heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        var type = bullet ? "UL" : "OL";
        if (!list || list.tagName !== type) {
          list = el(type.toLowerCase());
          if (numbered && numbered[1] !== "1") list.start = parseInt(numbered[1], 10);
          container.appendChild(list);
        }
        var item = el("li");
        renderInline(item, bullet ? bullet[1] : numbered[2]);
        list.appendChild(item);
        paragraph = null;
        return;
      }
      list = null;
      if (heading) {
        var p = el("p", "slc-heading");
        var strong = el("strong");
        renderInline(strong, heading[1]);
        p.appendChild(strong);
        container.appendChild(p);
        paragraph = null;
        return;
      }
      if (!paragraph) {
        paragraph = el("p");
        container.appendChild(paragraph);
      } else {
        paragraph.appendChild(el("br"));
      }
      renderInline(paragraph, line);
    });
  }

  function renderInline(parent, text) {
    var pattern = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)|(https?:\/\/[^\s<>"']+)|\*([^*\s](?:[^*\n]*[^*\s])?)\*/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      last = pattern.lastIndex;
      if (match[1] !== undefined) {
        var strong = el("strong");
        renderInline(strong, match[1]);
        parent.appendChild(strong);
      } else if (match[2] !== undefined) {
        parent.appendChild(link(match[3], match[2]));
      } else if (match[4] !== undefined) {
        var url = match[4];
        var trailing = /[.,;:!?)\]]+$/.exec(url);
        if (trailing) {
          url = url.slice(0, trailing.index);
          last -= trailing[0].length;
        }
        parent.appendChild(link(url, url));
      } else {
        var em = el("em");
        renderInline(em, match[5]);
        parent.appendChild(em);
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function link(href, label) {
    var url;
    try { url = new URL(href); } catch (e) { return document.createTextNode(label); }
    if (["http:", "https:", "mailto:"].indexOf(url.protocol) < 0) return document.createTextNode(label);
    var a = el("a", "slc-link", label);
    a.href = url.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(srOnly(" (opens in a new tab)"));
    return a;
  }

  // ---------------------------------------------------------------- building the widget

  function build() {
    var root = el("div", "slc-root");
    root.id = "slc-widget";
    root.lang = "en-GB";
    root.hidden = true;  // until the stylesheet has loaded
    root.dataset.status = status;
    root.style.setProperty("--slc-primary", options.primaryColor);
    root.style.setProperty("--slc-on-primary",
      contrast(options.primaryColor, "#ffffff") >= contrast(options.primaryColor, "#212b32") ? "#ffffff" : "#212b32");

    var launcher = el("button", "slc-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "slc-panel");
    launcher.appendChild(svgIcon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"));
    launcher.appendChild(el("span", "slc-launcher-label", "Chat with the coach"));
    var badge = el("span", "slc-badge");
    badge.hidden = true;
    launcher.appendChild(badge);

    var panel = el("div", "slc-panel");
    panel.id = "slc-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "slc-title");

    var header = el("div", "slc-header");
    var heading = el("h2", "slc-title", options.title);
    heading.id = "slc-title";
    var statusLine = el("p", "slc-status");
    statusLine.setAttribute("role", "status");
    var statusDot = el("span", "slc-status-dot");
    statusDot.setAttribute("aria-hidden", "true");
    var statusText = el("span", "slc-status-text", "");
    statusLine.appendChild(statusDot);
    statusLine.appendChild(statusText);
    var titles = el("div", "slc-titles");
    titles.appendChild(heading);
    titles.appendChild(statusLine);
    var clear = el("button", "slc-clear", "Clear");
    clear.type = "button";
    clear.setAttribute("aria-label", "Clear conversation from this browser");
    var closeButton = el("button", "slc-close");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Close chat");
    closeButton.appendChild(svgIcon("M6 6l12 12M18 6L6 18"));
    header.appendChild(titles);
    header.appendChild(clear);
    header.appendChild(closeButton);

    var log = el("div", "slc-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0;

    var typing = el("div", "slc-typing");
    typing.hidden = true;
    var dots = el("span", "slc-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    typing.appendChild(dots);
    typing.appendChild(el("span", "slc-typing-text", "The coach is typing"));

    var form = el("form", "slc-form");
    form.noValidate = true;
    var label = el("label", "slc-sr", "Message");
    label.htmlFor = "slc-input";
    var input = el("textarea", "slc-input");
    input.id = "slc-input";
    input.rows = 1;
    input.maxLength = options.maxChars;
    input.placeholder = "Type your message";
    input.setAttribute("autocomplete", "off");
    var send = el("button", "slc-send", "Send");
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    var note = el("p", "slc-footnote",
      "An automated coach, not a person. Please don't share details that identify patients or colleagues.");

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(form);
    panel.appendChild(note);
    root.appendChild(panel);
    root.appendChild(launcher);

    var stylesheet = el("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = assetBase + "widget.css";
    stylesheet.onload = stylesheet.onerror = function () { root.hidden = false; };
    document.head.appendChild(stylesheet);
    document.body.appendChild(root);

    ui = { root: root, launcher: launcher, badge: badge, panel: panel, statusText: statusText, log: log,
           typing: typing, form: form, input: input, clear: clear };

    launcher.addEventListener("click", function () { if (panel.hidden) openPanel(); else closePanel(); });
    closeButton.addEventListener("click", closePanel);
    clear.addEventListener("click", clearConversation);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        closePanel();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInput();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submitInput();
      }
    });
    input.addEventListener("input", autoGrow);

    setStatus("idle");
    renderAll();
  }

  function autoGrow() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 160) + "px";
  }

  // ---------------------------------------------------------------- opening and closing

  function openPanel() {
    ui.panel.hidden = false;
    ui.root.classList.add("slc-open");
    ui.launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    updateBadge();
    connect();
    greetOnce();
    scrollToEnd();
    ui.input.focus();
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.root.classList.remove("slc-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function updateBadge() {
    ui.badge.hidden = unread === 0;
    ui.badge.textContent = "";
    if (unread) {
      var count = el("span", "", String(unread));
      count.setAttribute("aria-hidden", "true");
      ui.badge.appendChild(count);
      ui.badge.appendChild(srOnly(unread === 1 ? " (1 new message)" : " (" + unread + " new messages)"));
    }
  }

  function greetOnce() {
    if (state.greeted || state.messages.length) return;
    state.greeted = true;
    if (!options.greeting) {
      saveState();
    } else if (options.greeting.charAt(0) === "/") {
      sendMessage(options.greeting, { hidden: true });
    } else {
      addBotMessage({ text: options.greeting });
    }
  }

  function forgetLocally() {
    blobUrls.forEach(function (url) { URL.revokeObjectURL(url); });
    blobUrls = [];
    state = freshState();
    saveState();
    hideTyping();
    renderAll();
  }

  function clearConversation() {
    if (!window.confirm("Clear this conversation from this browser? The coach's private journal is not affected.")) return;
    forgetLocally();
    if (socket) {
      // A new socket, so the old session's room no longer reaches this page.
      sessionReady = false;
      socket.disconnect();
      socket.connect();
    }
    greetOnce();
    ui.input.focus();
  }

  // ---------------------------------------------------------------- connection

  function setStatus(next) {
    status = next;
    ui.root.dataset.status = next;
    var texts = {
      idle: "",
      connecting: "Connecting\u2026",
      online: "Online",
      offline: "Offline \u2013 trying to reconnect\u2026"
    };
    ui.statusText.textContent = texts[next] || "";
    var queued = ui.log.querySelectorAll(".slc-msg-user.slc-queued .slc-msg-note");
    Array.prototype.forEach.call(queued, function (note) { note.textContent = queuedNote(); });
  }

  function connect() {
    if (socket) return;
    setStatus("connecting");
    socket = io(options.serverUrl, {
      path: "/socket.io",
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 4000,
      timeout: 10000
    });
    socket.on("connect", function () {
      sessionReady = false;
      socket.emit("session_request", sessionRequest());
    });
    socket.on("session_confirm", function (token) {
      if (typeof token !== "string") return;
      if (state.sessionToken && state.sessionToken !== token) {
        // Another session (another signed-in leader, or the old one was refused): not its history.
        var queued = state.messages.filter(function (m) { return m.from === "user" && m.status === "queued"; });
        forgetLocally();
        state.messages = queued;
        renderAll();  // what the leader typed offline stays on screen until it is answered
      }
      state.sessionToken = token;
      saveState();
      sessionReady = true;
      setStatus("online");
      flushQueue();
    });
    socket.on("session_refused", function () {
      // The stored token is not one this server issued (or no longer verifies): start afresh.
      sessionReady = false;
      var queued = state.messages.filter(function (m) { return m.from === "user" && m.status === "queued"; });
      forgetLocally();
      state.messages = queued;
      saveState();
      renderAll();  // what the leader typed offline stays on screen, and is sent on the new session
      if (!options.identityToken) socket.emit("session_request", {});
    });
    socket.on("bot_uttered", function (message) {
      if (message && message.custom && message.custom.type === "forgotten") {
        forgetLocally();  // "forget me": the browser's copy goes too
        if (!options.identityToken) socket.emit("session_request", {});  // and a new, empty session
        return;
      }
      addBotMessage(message);
    });
    socket.on("disconnect", function (reason) {
      sessionReady = false;
      socket.sendBuffer = [];  // our queue resends; the client's own buffer would send twice
      hideTyping();
      setStatus("offline");
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", function () {
      sessionReady = false;
      setStatus("offline");
    });
  }

  // ---------------------------------------------------------------- messages

  function sendMessage(payload, opts) {
    opts = opts || {};
    var message = {
      id: newId().slice(0, 12),
      from: "user",
      text: opts.display !== undefined ? opts.display : payload,
      payload: payload,
      ts: Date.now(),
      status: "queued"
    };
    if (opts.hidden) message.hidden = true;
    state.messages.push(message);
    saveState();
    retireQuickReplies();
    if (!message.hidden) appendMessage(message, false);
    flushQueue();
  }

  function flushQueue() {
    if (!socket || !sessionReady || !socket.connected) return;
    var sent = false;
    state.messages.forEach(function (message) {
      if (message.from !== "user" || message.status !== "queued") return;
      var body = { message: message.payload };
      if (options.cohort) body.customData = { cohort: options.cohort };
      socket.emit("user_uttered", body);
      message.status = "sent";
      sent = sent || !message.feedback;  // feedback gets no reply: no typing indicator
      var node = ui.log.querySelector('[data-message-id="' + message.id + '"]');
      if (node) markSent(node);
    });
    saveState();
    if (sent) showTyping();
  }

  function queuedNote() {
    return status === "online" || status === "connecting"
      ? "Sending\u2026"
      : "Not sent yet: it will be sent when the connection is back.";
  }

  function markSent(node) {
    node.classList.remove("slc-queued");
    var note = node.querySelector(".slc-msg-note");
    if (note) note.parentNode.removeChild(note);
  }

  function submitInput() {
    var text = ui.input.value.replace(/\s+$/, "");
    if (!text.trim()) return;
    ui.input.value = "";
    autoGrow();
    sendMessage(text.slice(0, options.maxChars));
  }

  function toBotMessage(raw) {
    if (!raw || typeof raw !== "object") return null;
    var message = { id: newId().slice(0, 12), from: "bot", ts: Date.now(), text: "" };
    var custom = raw.custom;
    if (custom && typeof custom === "object" && custom.type === "download" && typeof custom.content === "string") {
      message.download = {
        filename: safeFilename(custom.filename),
        mimeType: safeMimeType(custom.mime_type),
        content: custom.content
      };
    }
    if (typeof raw.text === "string") message.text = raw.text;
    var replies = Array.isArray(raw.quick_replies) ? raw.quick_replies : Array.isArray(raw.buttons) ? raw.buttons : [];
    replies = replies.filter(function (r) {
      return r && typeof r.title === "string" && typeof r.payload === "string";
    }).map(function (r) { return { title: r.title, payload: r.payload }; });
    if (replies.length) message.quickReplies = replies;
    var offer = raw.feedback;
    if (message.text && offer && typeof offer === "object" && typeof offer.entry_id === "string" &&
        (offer.kind === "answer" || offer.kind === "recommendation")) {
      message.feedback = { entryId: offer.entry_id.slice(0, 100), kind: offer.kind, given: null };
    }
    var attachment = raw.attachment;
    if (!message.text && attachment && attachment.type === "image" && attachment.payload &&
        typeof attachment.payload.src === "string") {
      message.text = attachment.payload.src;
    }
    if (!message.text && !message.download) return null;
    return message;
  }

  function safeFilename(name) {
    var cleaned = String(name || "download.txt").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-").replace(/^\.+/, "");
    return cleaned.slice(0, 100) || "download.txt";
  }

  function safeMimeType(type) {
    var allowed = ["text/markdown", "text/plain", "text/csv", "application/json"];
    return allowed.indexOf(type) >= 0 ? type : "text/plain";
  }

  function addBotMessage(raw) {
    var message = toBotMessage(raw);
    hideTyping();
    if (!message) return;
    retireQuickReplies();
    state.messages.push(message);
    saveState();
    appendMessage(message, true);
    if (ui.panel.hidden) {
      unread += 1;
      updateBadge();
    }
  }

  function appendMessage(message, withQuickReplies) {
    var node = renderMessage(message);
    ui.log.appendChild(node);
    if (withQuickReplies && message.quickReplies) ui.log.appendChild(renderQuickReplies(message.quickReplies));
    scrollToEnd();
  }

  function renderMessage(message) {
    var fromUser = message.from === "user";
    var node = el("div", "slc-msg " + (fromUser ? "slc-msg-user" : "slc-msg-bot"));
    node.dataset.messageId = message.id || "";
    node.title = (fromUser ? "Sent " : "Received ") + formatTime(message.ts);
    node.appendChild(srOnly(fromUser ? "You said: " : "Coach said: "));
    var bubble = el("div", "slc-bubble");
    if (fromUser) {
      bubble.textContent = message.text;
    } else if (message.text) {
      renderMarkdown(bubble, message.text);
    }
    if (message.download) bubble.appendChild(renderDownload(message.download));
    node.appendChild(bubble);
    if (!fromUser && message.feedback) node.appendChild(renderFeedback(message));
    if (fromUser && message.status === "queued") {
      node.classList.add("slc-queued");
      node.appendChild(el("span", "slc-msg-note", queuedNote()));
    }
    return node;
  }

  // ---------------------------------------------------------------- feedback

  var FEEDBACK_REASONS = [["wrong_topic", "Wrong topic"], ["too_general", "Too general"],
    ["out_of_date", "Out of date"], ["other", "Other"]];
  var MAX_COMMENT_CHARS = 500;

  // Feedback goes to the server on its own: no chat bubble, no typing indicator, the suggested
  // replies stay, so whatever the coach is waiting for still waits (the leader can ignore it).
  function sendFeedback(message, rating, reason, comment) {
    var body = { entry_id: message.feedback.entryId, kind: message.feedback.kind, rating: rating };
    if (reason) body.reason = reason;
    if (comment) body.comment = comment.slice(0, MAX_COMMENT_CHARS);
    message.feedback.given = rating;
    state.messages.push({ id: newId().slice(0, 12), from: "user", payload: "/feedback" + JSON.stringify(body),
      ts: Date.now(), status: "queued", hidden: true, feedback: true });
    saveState();
    flushQueue();
  }

  function renderFeedback(message) {
    var box = el("div", "slc-feedback");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Was this helpful?");
    var row = el("div", "slc-feedback-row");
    var question = el("span", "slc-feedback-q", "Was this helpful?");
    question.setAttribute("aria-hidden", "true");  // the group's name says it once
    row.appendChild(question);
    var helpful = el("button", "slc-feedback-button", "Helpful");
    var unhelpful = el("button", "slc-feedback-button", "Not helpful");
    var thanks = el("p", "slc-feedback-thanks");
    thanks.setAttribute("role", "status");
    var form = renderReasons(message, function () {
      form.hidden = true;
      thanks.textContent = "Thanks: that helps the trainers improve the coach.";
      unhelpful.focus();
    });
    [helpful, unhelpful].forEach(function (button) { button.type = "button"; row.appendChild(button); });
    function mark() {
      helpful.setAttribute("aria-pressed", String(message.feedback.given === "helpful"));
      unhelpful.setAttribute("aria-pressed", String(message.feedback.given === "not_helpful"));
    }
    helpful.addEventListener("click", function () {
      sendFeedback(message, "helpful");
      form.hidden = true;
      thanks.textContent = "Thanks for telling us.";
      mark();
    });
    unhelpful.addEventListener("click", function () {
      sendFeedback(message, "not_helpful");
      form.hidden = false;
      thanks.textContent = "Thanks. If you like, say what was wrong.";
      mark();
      var first = form.querySelector("input");
      if (first) first.focus();
    });
    mark();
    box.appendChild(row);
    box.appendChild(form);
    box.appendChild(thanks);
    return box;
  }

  function renderReasons(message, done) {
    var form = el("form", "slc-feedback-reasons");
    form.hidden = true;
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", "", "What was wrong with it? (optional)"));
    var group = "slc-reason-" + (message.id || newId().slice(0, 8));
    FEEDBACK_REASONS.forEach(function (pair) {
      var label = el("label", "slc-feedback-choice");
      var radio = el("input");
      radio.type = "radio";
      radio.name = group;
      radio.value = pair[0];
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + pair[1]));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    var commentLabel = el("label", "slc-feedback-comment", "Anything to add? (optional)");
    var comment = el("input", "slc-feedback-text");
    comment.type = "text";
    comment.maxLength = MAX_COMMENT_CHARS;
    commentLabel.appendChild(comment);
    form.appendChild(commentLabel);
    var send = el("button", "slc-feedback-button", "Send feedback");
    send.type = "submit";
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[type=radio]:checked");
      var words = comment.value.replace(/\s+/g, " ").trim();
      sendFeedback(message, "not_helpful", chosen ? chosen.value : (words ? "other" : null), words);
      done();
    });
    return form;
  }

  function renderDownload(download) {
    var wrapper = el("p", "slc-download");
    var blob = new Blob([download.content], { type: download.mimeType + ";charset=utf-8" });
    var url = URL.createObjectURL(blob);
    blobUrls.push(url);
    var a = el("a", "slc-download-link", "Download " + download.filename);
    a.href = url;
    a.download = download.filename;
    wrapper.appendChild(a);
    return wrapper;
  }

  function renderQuickReplies(replies) {
    var group = el("div", "slc-quick");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    replies.forEach(function (reply) {
      var button = el("button", "slc-quick-reply", reply.title);
      button.type = "button";
      button.addEventListener("click", function () {
        sendMessage(reply.payload, { display: reply.title });
        ui.input.focus();
      });
      group.appendChild(button);
    });
    return group;
  }

  function retireQuickReplies() {
    var groups = ui.log.querySelectorAll(".slc-quick");
    Array.prototype.forEach.call(groups, function (group) { group.parentNode.removeChild(group); });
  }

  function renderAll() {
    ui.log.textContent = "";
    var visible = state.messages.filter(function (m) { return !m.hidden; });
    visible.forEach(function (message) { ui.log.appendChild(renderMessage(message)); });
    var last = state.messages[state.messages.length - 1];
    if (last && last.from === "bot" && last.quickReplies) ui.log.appendChild(renderQuickReplies(last.quickReplies));
    scrollToEnd();
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function showTyping() {
    ui.typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    if (ui.typing) ui.typing.hidden = true;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
})();
