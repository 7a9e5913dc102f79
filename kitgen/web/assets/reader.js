/* kitgen reader: turning the storybook's pages, the read-along highlight, turning the cards over.
 *
 * Everything is in this folder: no library, no network. Each line of a page carries the
 * seconds at which its narration begins and ends in the page's audio (data-begin, data-end);
 * while the audio plays, the line being spoken is marked "is-reading" and aria-current.
 *
 * Keys: left and right arrows (and Page Up, Page Down, Home, End) turn the pages; the space
 * bar starts and pauses the reading; Enter or the space bar on a card turns it over; arrows
 * move between the cards.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function setupBook(book) {
    var pages = Array.prototype.slice.call(book.querySelectorAll(".page"));
    var audio = book.querySelector("audio.narration");
    var listen = book.querySelector("[data-action=listen]");
    var previous = book.querySelector("[data-action=previous]");
    var next = book.querySelector("[data-action=next]");
    var auto = book.querySelector("[data-action=auto]");
    var counter = book.querySelector(".counter");
    var bar = book.querySelector(".controls");
    var current = 0;
    var reading = null;
    var frame = 0;

    function lines() {
      return pages[current].querySelectorAll(".line");
    }

    function showPlaying(on) {
      listen.setAttribute("aria-pressed", on ? "true" : "false");
      listen.querySelector(".label").textContent = on ? listen.dataset.pause : listen.dataset.listen;
      book.classList.toggle("is-playing", on);
    }

    function mark(line) {
      if (line === reading) return;
      if (reading) {
        reading.classList.remove("is-reading");
        reading.removeAttribute("aria-current");
      }
      reading = line;
      if (!line) return;
      line.classList.add("is-reading");
      line.setAttribute("aria-current", "true");
      var box = line.getBoundingClientRect();
      if (box.top < 0 || box.bottom > bar.getBoundingClientRect().top) {
        line.scrollIntoView({ block: "nearest", behavior: reduced ? "auto" : "smooth" });
      }
    }

    /* The line being spoken: the last one that has begun (it stays marked through the pause after it). */
    function update() {
      var time = audio.currentTime;
      var found = null;
      Array.prototype.forEach.call(lines(), function (line) {
        if (time >= parseFloat(line.dataset.begin)) found = line;
      });
      mark(found);
    }

    function follow() {
      update();
      if (!audio.paused && !audio.ended) frame = window.requestAnimationFrame(follow);
    }

    function show(index, play) {
      index = Math.max(0, Math.min(pages.length - 1, index));
      audio.pause();
      window.cancelAnimationFrame(frame);
      mark(null);
      pages[current].hidden = true;
      current = index;
      var page = pages[current];
      page.hidden = false;
      previous.disabled = current === 0;
      next.disabled = current === pages.length - 1;
      counter.textContent = book.dataset.pageLabel.replace("{page}", current + 1).replace("{pages}", pages.length);
      if (page.dataset.audio) {
        audio.src = page.dataset.audio;
      } else {
        audio.removeAttribute("src");
      }
      if (play) start();
      else showPlaying(false);
    }

    function start() {
      if (!pages[current].dataset.audio) {
        if (current < pages.length - 1) show(current + 1, true);
        return;
      }
      if (audio.ended) audio.currentTime = 0;
      showPlaying(true);
      var playing = audio.play();
      if (playing && playing.catch) {
        playing.catch(function () {
          showPlaying(false);
        });
      }
    }

    function toggle() {
      if (audio.paused || audio.ended) start();
      else audio.pause();
    }

    audio.addEventListener("play", function () {
      showPlaying(true);
      window.cancelAnimationFrame(frame);
      frame = window.requestAnimationFrame(follow);
    });
    audio.addEventListener("pause", function () {
      window.cancelAnimationFrame(frame);
      if (!audio.ended) showPlaying(false);
    });
    audio.addEventListener("timeupdate", update);
    audio.addEventListener("ended", function () {
      mark(null);
      if (auto.checked && current < pages.length - 1) show(current + 1, true);
      else showPlaying(false);
    });

    listen.addEventListener("click", toggle);
    previous.addEventListener("click", function () {
      show(current - 1, !audio.paused);
    });
    next.addEventListener("click", function () {
      show(current + 1, !audio.paused);
    });

    pages.forEach(function (page, index) {
      page.hidden = index !== 0;
    });
    show(0, false);

    return {
      turn: function (step) {
        show(current + step, !audio.paused);
      },
      to: function (index) {
        show(index < 0 ? pages.length - 1 : index, false);
      },
      toggle: toggle,
    };
  }

  function setupCards(list) {
    var cards = Array.prototype.slice.call(list.querySelectorAll(".card"));
    cards.forEach(function (card) {
      card.addEventListener("click", function () {
        var turned = card.getAttribute("aria-pressed") !== "true";
        card.setAttribute("aria-pressed", turned ? "true" : "false");
        card.querySelector(".front").setAttribute("aria-hidden", turned ? "true" : "false");
        card.querySelector(".back").setAttribute("aria-hidden", turned ? "false" : "true");
      });
    });
    return function move(card, step) {
      var index = cards.indexOf(card) + step;
      if (index >= 0 && index < cards.length) cards[index].focus();
    };
  }

  function setupVideos() {
    Array.prototype.forEach.call(document.querySelectorAll(".episode video"), function (video) {
      video.addEventListener("error", function () {
        var note = video.parentNode.querySelector(".missing");
        if (note) note.hidden = false;
      });
    });
  }

  var bookElement = document.getElementById("book");
  var book = bookElement ? setupBook(bookElement) : null;
  var cardList = document.querySelector(".cards ul");
  var moveCard = cardList ? setupCards(cardList) : null;
  setupVideos();

  var TURN = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
  var MOVE = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|VIDEO|AUDIO)$/.test(target.tagName)) return;
    var card = target.closest && target.closest(".card");
    if (card && moveCard) {
      if (event.key in MOVE) {
        moveCard(card, MOVE[event.key]);
        event.preventDefault();
      }
      return;
    }
    if (!book) return;
    var inBook = target === document.body || target === root || bookElement.contains(target);
    if (!inBook) return;
    var control = /^(BUTTON|A|SUMMARY|LABEL)$/.test(target.tagName);
    if (event.key in TURN) {
      book.turn(TURN[event.key]);
    } else if (event.key === "Home" && !control) {
      book.to(0);
    } else if (event.key === "End" && !control) {
      book.to(-1);
    } else if ((event.key === " " || event.key === "Spacebar") && !control) {
      book.toggle();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
