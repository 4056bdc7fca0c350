namespace Marketplace.Functions.WebConsole;

/// <summary>
/// The console's only stylesheet and script: plain CSS (readable contrast, visible focus, one column at phone width) and
/// a little vanilla JavaScript for what the server cannot do: live countdowns and the policy check before a reply is sent.
/// Pages work without the script (deadlines as rendered, refusals shown after sending).
/// </summary>
internal static class ConsoleAssets
{
    public const string Stylesheet = """
        :root { --fg: #1a1a1a; --muted: #4a4a4a; --bg: #ffffff; --panel: #f3f4f6; --line: #c8ccd2; --accent: #0b57d0; --danger: #b00020; --ok: #1b6e2d; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem; }
        .skip:focus { left: .5rem; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.25rem; padding: .75rem 1rem; background: #14213d; color: #fff; }
        header a { color: #fff; }
        header .brand { font-weight: 700; }
        header nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
        header .who { margin-left: auto; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--panel); }
        button, .button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: transparent; color: inherit; border-color: currentColor; }
        button.danger { background: var(--danger); border-color: var(--danger); }
        form.inline { display: inline; }
        label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
        textarea, input[type=text], input[type=password], input[type=datetime-local], select { width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: 4px; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
        .notice { padding: .75rem 1rem; border-radius: 4px; margin: 1rem 0; border-left: 6px solid; }
        .notice.error { border-color: var(--danger); background: #fdecee; }
        .notice.ok { border-color: var(--ok); background: #e7f4ea; }
        .countdown { font-variant-numeric: tabular-nums; font-weight: 600; }
        .countdown.urgent { color: var(--danger); }
        .badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; background: var(--panel); border: 1px solid var(--line); font-size: .875rem; }
        .awaiting { background: #fff8e1; }
        .messages { list-style: none; padding: 0; margin: 0; }
        .messages li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem; margin: .5rem 0; }
        .messages li.mine { background: var(--panel); }
        .meta { color: var(--muted); font-size: .875rem; }
        .findings:empty { display: none; }
        svg.chart { width: 100%; max-width: 440px; height: auto; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        @media (max-width: 40rem) {
          header .who { margin-left: 0; width: 100%; }
          table, caption, thead, tbody, tr, th, td { display: block; }
          caption { text-align: left; }
          dl { grid-template-columns: 1fr; }
          thead { position: absolute; left: -999px; }
          tr { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .25rem; }
          td { border: 0; padding: .25rem .5rem; }
          td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
        }
        """;

    public const string Script = """
        'use strict';
        // Live countdowns: <span class="countdown" data-due="ISO time" data-urgent-seconds="N">; red under N seconds left.
        function formatLeft(seconds) {
          const late = seconds < 0;
          let s = Math.abs(seconds);
          const d = Math.floor(s / 86400); s -= d * 86400;
          const h = Math.floor(s / 3600); s -= h * 3600;
          const m = Math.floor(s / 60); s -= m * 60;
          const text = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
          return late ? `overdue by ${text}` : `${text} left`;
        }
        function tick() {
          for (const el of document.querySelectorAll('.countdown[data-due]')) {
            const left = Math.floor((Date.parse(el.dataset.due) - Date.now()) / 1000);
            el.textContent = formatLeft(left);
            el.classList.toggle('urgent', left < Number(el.dataset.urgentSeconds || 0));
          }
        }
        // The reply box: "Check" asks the content policy what it would do with the text; sending checks first and stops on a block.
        function showFindings(box, result) {
          box.replaceChildren();
          const heading = document.createElement('p');
          heading.textContent = result.summary;
          box.append(heading);
          if (result.reasons.length > 0) {
            const list = document.createElement('ul');
            for (const reason of result.reasons) {
              const item = document.createElement('li');
              item.textContent = reason;
              list.append(item);
            }
            box.append(list);
          }
          box.className = 'notice findings ' + (result.verdict === 'block' ? 'error' : 'ok');
        }
        async function check(form) {
          const response = await fetch(form.dataset.check, { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin' });
          if (!response.ok) { return null; }
          const result = await response.json();
          showFindings(document.getElementById('policy-findings'), result);
          return result;
        }
        document.addEventListener('DOMContentLoaded', () => {
          tick();
          setInterval(tick, 1000);
          const form = document.getElementById('reply');
          if (!form) { return; }
          form.addEventListener('input', () => { delete form.dataset.checked; });
          document.getElementById('check-button')?.addEventListener('click', () => check(form));
          form.addEventListener('submit', async (event) => {
            if (form.dataset.checked === 'yes') { return; }
            event.preventDefault();
            const result = await check(form);
            if (result && result.verdict === 'block') { return; }
            form.dataset.checked = 'yes';
            form.requestSubmit();
          });
        });
        """;
}
