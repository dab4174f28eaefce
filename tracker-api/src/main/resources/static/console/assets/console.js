// dpe-tracker console: keeps the page's live part up to date from the tracker's event stream.
// A page marks what may change with data-live: "any" (any event may change it) or a conversationId
// (only that conversation's events do). On such an event the page is fetched again and that part replaced;
// the status line says so, for screen readers too. Without JavaScript the pages work; they just do not update.
(function () {
    'use strict';
    var live = document.querySelector('[data-live]');
    var status = document.getElementById('live-status');
    if (!live || !window.EventSource || !window.fetch) {
        return;
    }
    var pending = null;
    var source = new EventSource('/console/events');
    // said on the page, for whoever wants to know that updates will come (the browser tests wait for it)
    source.onopen = function () {
        document.documentElement.setAttribute('data-live-stream', 'open');
    };
    source.onerror = function () {
        document.documentElement.setAttribute('data-live-stream', 'reconnecting');
    };

    source.onmessage = function (message) {
        var want = live.getAttribute('data-live');
        var event;
        try {
            event = JSON.parse(message.data);
        } catch (e) {
            return;
        }
        if (want === 'any' || want === event.conversationId) {
            schedule();
        }
    };

    // Several events in a burst (a status and its kvittering) give one reload.
    function schedule() {
        if (pending) {
            return;
        }
        pending = setTimeout(function () {
            pending = null;
            refresh();
        }, 250);
    }

    function refresh() {
        fetch(window.location.href, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error('HTTP ' + response.status);
                }
                return response.text();
            })
            .then(function (html) {
                var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live]');
                if (!fresh) {
                    return;
                }
                live.replaceWith(fresh);
                live = fresh;
                if (status) {
                    var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined);
                    status.textContent = (status.getAttribute('data-updated') || '{0}').replace('{0}', time);
                }
            })
            .catch(function () {
                // the next event tries again; a reload by hand always works
            });
    }

    window.addEventListener('pagehide', function () {
        source.close();
    });
}());
