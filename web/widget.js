/* The APEC MSME assistant's chat widget. Embed it with one tag:
 *
 *   <script src="https://your.site/chat/widget.js" data-server="https://rasa.your.site"></script>
 *
 * It loads its stylesheet and socket.io client from beside itself, adds a
 * "chat" button and panel to the page, and talks to Rasa's socket.io channel
 * (channels/socketio.py). The session id, the chosen language and the
 * transcript live in sessionStorage, so a reload continues the conversation.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL(".", script.src).href;
  var server = script.getAttribute("data-server") || (window.APEC_CHAT && window.APEC_CHAT.server) ||
    "http://localhost:5005";
  var storageKey = "apec-chat:" + server;
  var MAX_ENTRIES = 200; // sessionStorage holds ~5 MB; a transcript never needs more than this

  var LANGUAGES = [
    ["en", "English"], ["es", "Español"], ["zh", "简体中文"], ["zh-Hant", "繁體中文"], ["id", "Bahasa Indonesia"],
    ["ms", "Bahasa Melayu"], ["vi", "Tiếng Việt"], ["th", "ไทย"], ["ja", "日本語"], ["ko", "한국어"],
    ["ru", "Русский"], ["fil", "Filipino"]
  ];
  var STRINGS = {
    en: { title: "MSME assistant", open: "Chat with the MSME assistant", close: "Close chat",
      language: "Language", message: "Your message", send: "Send", you: "You", bot: "Assistant",
      seeAlso: "See also", sources: "Sources", suggestions: "Suggested replies", connecting: "Connecting…",
      offline: "Connection lost. Reconnecting…", refused: "This page is not allowed to connect to the assistant.",
      typing: "The assistant is replying…" },
    es: { title: "Asistente para mipymes", open: "Chatea con el asistente para mipymes", close: "Cerrar el chat",
      language: "Idioma", message: "Tu mensaje", send: "Enviar", you: "Tú", bot: "Asistente",
      seeAlso: "Ver también", sources: "Fuentes", suggestions: "Respuestas sugeridas", connecting: "Conectando…",
      offline: "Se perdió la conexión. Reconectando…", refused: "Esta página no tiene permiso para conectarse al asistente.",
      typing: "El asistente está respondiendo…" },
    zh: { title: "中小微企业助手", open: "与中小微企业助手聊天", close: "关闭聊天",
      language: "语言", message: "您的消息", send: "发送", you: "您", bot: "助手",
      seeAlso: "另见", sources: "来源", suggestions: "推荐回复", connecting: "正在连接…",
      offline: "连接已断开，正在重新连接…", refused: "此网页无权连接助手。",
      typing: "助手正在回复…" },
    id: { title: "Asisten UMKM", open: "Mengobrol dengan asisten UMKM", close: "Tutup obrolan",
      language: "Bahasa", message: "Pesan Anda", send: "Kirim", you: "Anda", bot: "Asisten",
      seeAlso: "Lihat juga", sources: "Sumber", suggestions: "Saran balasan", connecting: "Menghubungkan…",
      offline: "Koneksi terputus. Menghubungkan ulang…", refused: "Halaman ini tidak diizinkan terhubung ke asisten.",
      typing: "Asisten sedang membalas…" },
    ms: { title: "Pembantu PMKS", open: "Bersembang dengan pembantu PMKS", close: "Tutup sembang",
      language: "Bahasa", message: "Mesej anda", send: "Hantar", you: "Anda", bot: "Pembantu",
      seeAlso: "Lihat juga", sources: "Sumber", suggestions: "Cadangan balasan", connecting: "Menyambung…",
      offline: "Sambungan terputus. Menyambung semula…", refused: "Halaman ini tidak dibenarkan menyambung kepada pembantu.",
      typing: "Pembantu sedang membalas…" },
    vi: { title: "Trợ lý doanh nghiệp nhỏ", open: "Trò chuyện với trợ lý doanh nghiệp nhỏ", close: "Đóng trò chuyện",
      language: "Ngôn ngữ", message: "Tin nhắn của bạn", send: "Gửi", you: "Bạn", bot: "Trợ lý",
      seeAlso: "Xem thêm", sources: "Nguồn", suggestions: "Gợi ý trả lời", connecting: "Đang kết nối…",
      offline: "Mất kết nối. Đang kết nối lại…", refused: "Trang này không được phép kết nối với trợ lý.",
      typing: "Trợ lý đang trả lời…" },
    th: { title: "ผู้ช่วย SME", open: "แชตกับผู้ช่วย SME", close: "ปิดแชต",
      language: "ภาษา", message: "ข้อความของคุณ", send: "ส่ง", you: "คุณ", bot: "ผู้ช่วย",
      seeAlso: "ดูเพิ่มเติม", sources: "แหล่งที่มา", suggestions: "คำตอบที่แนะนำ", connecting: "กำลังเชื่อมต่อ…",
      offline: "การเชื่อมต่อขาดหาย กำลังเชื่อมต่อใหม่…", refused: "หน้านี้ไม่ได้รับอนุญาตให้เชื่อมต่อกับผู้ช่วย",
      typing: "ผู้ช่วยกำลังตอบ…" },
    ja: { title: "中小企業アシスタント", open: "中小企業アシスタントとチャットする", close: "チャットを閉じる",
      language: "言語", message: "メッセージ", send: "送信", you: "あなた", bot: "アシスタント",
      seeAlso: "関連情報", sources: "出典", suggestions: "返信の候補", connecting: "接続しています…",
      offline: "接続が切れました。再接続しています…", refused: "このページからはアシスタントに接続できません。",
      typing: "アシスタントが返信しています…" },
    ko: { title: "중소기업 도우미", open: "중소기업 도우미와 채팅하기", close: "채팅 닫기",
      language: "언어", message: "메시지", send: "보내기", you: "나", bot: "도우미",
      seeAlso: "함께 보기", sources: "출처", suggestions: "추천 답변", connecting: "연결하는 중…",
      offline: "연결이 끊겼습니다. 다시 연결하는 중…", refused: "이 페이지는 도우미에 연결할 수 없습니다.",
      typing: "도우미가 답변하는 중…" },
    ru: { title: "Помощник для МСП", open: "Чат с помощником для МСП", close: "Закрыть чат",
      language: "Язык", message: "Ваше сообщение", send: "Отправить", you: "Вы", bot: "Помощник",
      seeAlso: "См. также", sources: "Источники", suggestions: "Варианты ответа", connecting: "Подключение…",
      offline: "Соединение потеряно. Переподключаемся…", refused: "Этой странице не разрешено подключаться к помощнику.",
      typing: "Помощник печатает ответ…" },
    fil: { title: "MSME assistant", open: "Makipag-chat sa MSME assistant", close: "Isara ang chat",
      language: "Wika", message: "Ang iyong mensahe", send: "Ipadala", you: "Ikaw", bot: "Assistant",
      seeAlso: "Tingnan din", sources: "Mga pinagkunan", suggestions: "Mungkahing sagot", connecting: "Kumokonekta…",
      offline: "Naputol ang koneksyon. Kumokonekta ulit…", refused: "Hindi pinapayagang kumonekta sa assistant ang page na ito.",
      typing: "Sumasagot ang assistant…" },
    "zh-Hant": { title: "中小企業助理", open: "與中小企業助理聊天", close: "關閉聊天",
      language: "語言", message: "您的訊息", send: "傳送", you: "您", bot: "助理",
      seeAlso: "延伸閱讀", sources: "來源", suggestions: "建議回覆", connecting: "連線中…",
      offline: "連線中斷，正在重新連線…", refused: "此網頁無權連線至助理。",
      typing: "助理正在回覆…" }
  };

  // --- state kept across reloads (sessionStorage: this tab only) ---

  function loadState() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(storageKey));
      if (saved && Array.isArray(saved.entries) && STRINGS[saved.locale]) return saved;
    } catch (error) { /* unreadable or blocked storage: start afresh */ }
    return { sessionId: null, locale: preferredLocale(), open: false, entries: [] };
  }

  function saveState() {
    state.entries = state.entries.slice(-MAX_ENTRIES);
    try { sessionStorage.setItem(storageKey, JSON.stringify(state)); } catch (error) { /* storage full or blocked */ }
  }

  function preferredLocale() {
    var wanted = navigator.languages || [navigator.language || "en"];
    for (var i = 0; i < wanted.length; i++) {
      var parts = String(wanted[i]).toLowerCase().split(/[-_]/);
      var code = parts[0] === "tl" ? "fil" : parts[0];
      // Chinese by script: zh-Hant, zh-TW, zh-HK and zh-MO are Traditional.
      if (code === "zh" && /^(hant|tw|hk|mo)$/.test(parts[1] || "")) code = "zh-Hant";
      if (STRINGS[code]) return code;
    }
    return "en";
  }

  // --- DOM ---

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes.text;
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // Text with its http(s) addresses as links ("Source: … https://…").
  function linkified(text) {
    var fragment = document.createDocumentFragment();
    var pattern = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]]/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text))) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      fragment.appendChild(externalLink(match[0], match[0]));
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function externalLink(href, label) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: label });
  }

  function isWebAddress(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url);
  }

  var state = loadState();
  var strings = STRINGS[state.locale] || STRINGS.en;
  var socket = null;

  var launcher = el("button", { type: "button", class: "apec-chat__launcher", "aria-controls": "apec-chat-panel" });
  var title = el("h2", { id: "apec-chat-title", class: "apec-chat__title" });
  var languageLabel = el("label", { for: "apec-chat-language" });
  var picker = el("select", { id: "apec-chat-language" }, LANGUAGES.map(function (language) {
    return el("option", { value: language[0], lang: language[0], text: language[1] });
  }));
  var closeButton = el("button", { type: "button", class: "apec-chat__close", text: "×" });
  var log = el("div", { class: "apec-chat__log", role: "log", "aria-live": "polite", tabindex: "0" });
  var status = el("p", { class: "apec-chat__status", role: "status" });
  var inputLabel = el("label", { for: "apec-chat-input", class: "apec-chat__hidden" });
  var input = el("input", { id: "apec-chat-input", type: "text", autocomplete: "off", maxlength: "1000" });
  var sendButton = el("button", { type: "submit", class: "apec-chat__send" });
  var form = el("form", { class: "apec-chat__form" }, [inputLabel, input, sendButton]);
  var panel = el("section", { id: "apec-chat-panel", class: "apec-chat__panel", "aria-labelledby": "apec-chat-title" }, [
    el("header", { class: "apec-chat__header" }, [
      title, el("div", { class: "apec-chat__language" }, [languageLabel, picker]), closeButton
    ]),
    log, status, form
  ]);
  var root = el("div", { class: "apec-chat" }, [launcher, panel]);

  function applyLocale() {
    strings = STRINGS[state.locale] || STRINGS.en;
    root.setAttribute("lang", state.locale);
    picker.value = state.locale;
    launcher.textContent = strings.open;
    title.textContent = strings.title;
    languageLabel.textContent = strings.language;
    closeButton.setAttribute("aria-label", strings.close);
    log.setAttribute("aria-label", strings.title);
    inputLabel.textContent = strings.message;
    input.setAttribute("placeholder", strings.message);
    sendButton.textContent = strings.send;
  }

  function setOpen(open) {
    state.open = open;
    saveState();
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", String(open));
  }

  // --- the transcript ---

  function renderEntry(entry) {
    // Labels in the language the picker had then, so a reload shows the transcript as it was.
    var words = STRINGS[entry.ui] || strings;
    var speaker = el("span", { class: "apec-chat__hidden", text: (entry.from === "user" ? words.you : words.bot) + ": " });
    var message = el("div", { class: "apec-chat__message apec-chat__message--" + entry.from }, [speaker]);
    if (entry.lang) message.setAttribute("lang", entry.lang);
    String(entry.text || "").split(/\n{2,}/).forEach(function (paragraph) {
      var p = el("p");
      paragraph.split("\n").forEach(function (line, index) {
        if (index) p.appendChild(el("br"));
        p.appendChild(linkified(line));
      });
      message.appendChild(p);
    });
    // A source the text already links to is not listed again under it.
    var citations = (entry.citations || []).filter(function (citation) {
      return isWebAddress(citation.url) && String(entry.text || "").indexOf(citation.url) < 0;
    });
    if (citations.length) {
      message.appendChild(el("p", { class: "apec-chat__sources-label", text: words.sources }));
      message.appendChild(linkList("apec-chat__citations", citations));
    }
    var seeAlso = (entry.seeAlso || []).filter(function (item) { return isWebAddress(item.url); });
    if (seeAlso.length) {
      message.appendChild(el("p", { class: "apec-chat__sources-label", text: words.seeAlso }));
      message.appendChild(linkList("apec-chat__see-also", seeAlso));
    }
    if (entry.result) message.appendChild(resultBars(entry.result));
    if (entry.buttons && entry.buttons.length) {
      message.appendChild(el("div", { class: "apec-chat__quick-replies", role: "group", "aria-label": words.suggestions },
        entry.buttons.map(function (button) {
          var node = el("button", { type: "button", class: "apec-chat__quick-reply", text: button.title });
          node.addEventListener("click", function () { send(button.payload, button.title); });
          return node;
        })));
    }
    log.appendChild(message);
    log.scrollTop = log.scrollHeight;
  }

  // A self-assessment's result: one bar per dimension (the text above says the same in words and figures).
  function resultBars(result) {
    return el("ul", { class: "apec-chat__result", "aria-label": result.title || "" }, result.dimensions.map(function (dimension) {
      var share = Math.max(0, Math.min(1, Number(dimension.score) || 0));
      var fill = el("span", { class: "apec-chat__bar-fill" });
      fill.style.width = Math.round(share * 100) + "%";  // set through the DOM: the page's CSP allows no inline styles
      return el("li", { class: "apec-chat__result-row", "data-dimension": dimension.id }, [
        el("span", { class: "apec-chat__result-name", text: dimension.name }),
        el("span", { class: "apec-chat__bar", "aria-hidden": "true" }, [fill]),
        el("span", { class: "apec-chat__result-value", text: Math.round(share * 100) + "%" })
      ]);
    }));
  }

  function linkList(className, items) {
    return el("ul", { class: className }, items.map(function (item) {
      return el("li", {}, [externalLink(item.url, item.title || item.url)]);
    }));
  }

  function addEntry(entry) {
    entry.ui = state.locale;
    state.entries.push(entry);
    saveState();
    renderEntry(entry);
  }

  // Suggested replies belong to the last bot message only: drop them once the user answers.
  function removeQuickReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".apec-chat__quick-replies"), function (group) {
      group.parentNode.removeChild(group);
    });
    state.entries.forEach(function (entry) { delete entry.buttons; });
  }

  // --- talking to Rasa ---

  // connecting, ready, offline or refused: shown in the status line, and in data-connection for styles and tests.
  function setConnection(name) {
    root.setAttribute("data-connection", name);
    status.textContent = name === "ready" ? "" : strings[name];
  }

  // `shown` is what the transcript shows as the user's message; null shows nothing (a picker change).
  function send(message, shown) {
    if (root.getAttribute("data-connection") !== "ready") return false;
    removeQuickReplies();
    if (shown !== null) addEntry({ from: "user", text: shown });
    // The page's language is a hint: it decides only short or unclear messages (README, "Languages").
    socket.emit("user_uttered", { message: message, session_id: state.sessionId, metadata: { locale: state.locale } });
    status.textContent = strings.typing;
    input.focus();
    return true;
  }

  function onBotMessage(data) {
    var custom = data.custom || {};
    addEntry({
      from: "bot",
      text: data.text || "",
      lang: custom.language || state.locale,
      citations: Array.isArray(custom.citations) ? custom.citations : [],
      seeAlso: Array.isArray(custom.see_also) ? custom.see_also : [],
      result: custom.assessment_result && Array.isArray(custom.assessment_result.dimensions)
        ? custom.assessment_result : null,
      buttons: (data.buttons || data.quick_replies || []).map(function (button) {
        return { title: button.title, payload: button.payload };
      })
    });
    status.textContent = "";
  }

  function connect() {
    // Rasa may sit under a path ("https://example.org/rasa"); socket.io would read it as a namespace.
    var url = new URL(server, location.href);
    socket = window.io(url.origin, {
      path: url.pathname.replace(/\/?$/, "/") + "socket.io",
      // WebSocket first: a refused origin then reads as refused, not as a network error.
      transports: ["websocket", "polling"],
      tryAllTransports: true
    });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (data) {
      state.sessionId = typeof data === "string" ? data : data.session_id;
      saveState();
      setConnection("ready");
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () { setConnection("offline"); });
    socket.on("connect_error", function () {
      // socket.io retries a network error by itself; a refusal by the server is final.
      setConnection(socket.active ? "offline" : "refused");
    });
  }

  // --- wiring ---

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text && send(text, text)) input.value = "";
  });
  // Picking a language is an explicit request: the assistant switches and says so in that language.
  picker.addEventListener("change", function () {
    state.locale = picker.value;
    saveState();
    applyLocale();
    send('/change_language{"language": "' + state.locale + '"}', null);
  });
  launcher.addEventListener("click", function () { setOpen(true); input.focus(); });
  closeButton.addEventListener("click", function () { setOpen(false); launcher.focus(); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { setOpen(false); launcher.focus(); }
  });

  function mount() {
    applyLocale();
    // The transcript is in place before the log joins the page, so a reload is not read out again.
    state.entries.forEach(renderEntry);
    setOpen(state.open);
    document.head.appendChild(el("link", { rel: "stylesheet", href: base + "widget.css" }));
    document.body.appendChild(root);
    log.scrollTop = log.scrollHeight;
    setConnection("connecting");
    if (window.io) {  // the page already loaded a socket.io client
      connect();
    } else {
      var client = el("script", { src: base + "vendor/socket.io.min.js" });
      client.addEventListener("load", connect);
      document.head.appendChild(client);
    }
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
