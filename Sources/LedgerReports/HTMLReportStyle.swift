/// report.html's style sheet: inline (no network), system fonts, and print rules for A4 so the
/// page a finance team prints is the page they see. It holds no `<` or `&`, so it is valid XML
/// text as it stands.
enum HTMLReportStyle {
    static let css = """

        :root { --ink: #1d2430; --muted: #5b6472; --line: #d9dee5; --ok: #1f7a44; --ok-bg: #e6f4ea; --fail: #b3261e;
          --fail-bg: #fce8e6; --warn: #8a5a00; --warn-bg: #fff4d6; --bar: #3b6fb6; --points: #7a4fb0; }
        * { box-sizing: border-box; }
        body { font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
          Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 960px; padding: 16px 24px 32px;
          font-size: 14px; line-height: 1.4; }
        h1 { font-size: 22px; margin: 4px 0; }
        h2 { font-size: 17px; margin: 26px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); }
        .banner { border-radius: 8px; padding: 14px 18px; border-left: 8px solid; }
        .banner.ok { background: var(--ok-bg); border-color: var(--ok); }
        .banner.ok h1 { color: var(--ok); }
        .banner.fail { background: var(--fail-bg); border-color: var(--fail); }
        .banner.fail h1 { color: var(--fail); }
        .banner.warn { background: var(--warn-bg); border-color: var(--warn); }
        .banner.warn h1 { color: var(--warn); }
        .banner p { margin: 2px 0; }
        .banner .run, .banner .times { color: var(--muted); font-size: 12.5px; }
        .banner .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; background: rgba(0,0,0,.07);
          border-radius: 4px; padding: 1px 6px; margin-right: 4px; }
        .dry-run { font-weight: 600; color: var(--warn); }
        .tiles { display: flex; flex-wrap: wrap; gap: 10px; }
        .tile { flex: 1 1 120px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
        .tile .figure { display: block; font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .tile.good .figure { color: var(--ok); }
        .tile.bad .figure { color: var(--fail); }
        .tile.warn .figure { color: var(--warn); }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 12.5px; }
        th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--ink); padding: 4px 6px; }
        td { border-bottom: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
        .hash { word-break: break-all; font-size: 11px; }
        .detail { font-size: 12px; overflow-wrap: anywhere; min-width: 160px; }
        .reference { color: var(--muted); }
        tr.check.pass .status { color: var(--ok); font-weight: 600; }
        tr.check.fail .status { color: var(--fail); font-weight: 600; }
        tr.check.fail td, tr.trial.off td { background: var(--fail-bg); }
        .hint, .none { color: var(--muted); margin: 4px 0; }
        .none { font-style: italic; }
        svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0; }
        .chart-label { font-size: 12px; fill: var(--ink); }
        .chart-value { font-size: 12px; fill: var(--muted); font-variant-numeric: tabular-nums; }
        .bar { fill: var(--bar); }
        .bar-points { fill: var(--points); }
        .bar-bad { fill: var(--fail); }
        .age-0 { fill: #f2a900; }
        .age-1 { fill: #e07b00; }
        .age-2 { fill: #c8520a; }
        .age-3 { fill: #a3301a; }
        .age-4 { fill: #6d1a12; }
        footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11px; }
          table { font-size: 10px; }
          .tile { flex-basis: 80px; padding: 6px 8px; }
          .tile .figure { font-size: 18px; }
          .mono, .detail { font-size: 9.5px; }
          .banner, .tile, tr.check.fail td, tr.trial.off td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          tr, svg { break-inside: avoid; }
          thead { display: table-header-group; }
          h2 { break-after: avoid; }
        }

        """
}
