"""The 功能时序图 (sequence diagram) as inline SVG, drawn from a list of steps.

The steps are data: who sends what to whom. A step that names an operation's role (`x-role`) takes its
label from the spec (method, path, summary) and links to that operation's section, and a text may name the
spec's domain facts (`{token_lifetime}`), so the diagram follows the spec. Layout is computed here; the
output is deterministic (it is a committed, checked file).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from paycontract import roles
from paycontract.facts import domain_facts
from paycontract.spec import Spec

MERCHANT, CLIENT, PLATFORM, CHANNEL = "商户服务端", "客户端", "支付平台", "渠道"
# Left to right; the client sits outside so that the one long arrow (client → channel) is the only crossing.
ACTORS = (CLIENT, MERCHANT, PLATFORM, CHANNEL)


@dataclass(frozen=True)
class Step:
    """One message: `source` → `target`. With `operation` (a role), the label comes from the spec."""

    source: str
    target: str
    text: str = ""
    operation: str | None = None
    reply: bool = False


STEPS: tuple[Step, ...] = (
    Step(MERCHANT, PLATFORM, "app_id, app_secret", operation=roles.TOKEN),
    Step(PLATFORM, MERCHANT, "access_token（有效期 {token_lifetime} 秒）", reply=True),
    Step(MERCHANT, PLATFORM, "pay_type, amount, sign …", operation=roles.CREATE_ORDER),
    Step(PLATFORM, MERCHANT, "订单 id，status 0 待支付", reply=True),
    Step(MERCHANT, CLIENT, "下发订单"),
    Step(CLIENT, CHANNEL, "客户端通过渠道 SDK 支付"),
    Step(CHANNEL, PLATFORM, "支付结果"),
    Step(MERCHANT, PLATFORM, "ids, sign", operation=roles.QUERY_ORDERS),
    Step(PLATFORM, MERCHANT, "订单，status 1 已支付", reply=True),
    Step(MERCHANT, PLATFORM, "date, sign", operation=roles.BILL),
    Step(PLATFORM, MERCHANT, "当日账单：笔数、金额、手续费、净额", reply=True),
)

FONT = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
SIZE = 13
MARGIN, BOX_H, ROW, TOP_GAP = 20, 36, 46, 34


def text_width(text: str, size: int = SIZE) -> float:
    """An estimate of rendered width: CJK glyphs are square, Latin ones about 0.56 em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.56 * size for ch in text)


def step_label(spec: Spec, step: Step) -> tuple[str, str | None]:
    """The label of a step and, for an operation, the anchor it links to."""
    needed_by = "the sequence diagram"
    text = step.text.format(token_lifetime=domain_facts(spec, needed_by).token_lifetime)
    if step.operation is None:
        return text, None
    op = spec.role_operations((step.operation,), needed_by)[step.operation]
    label = f"{op.method} {op.path} {op.summary}"
    return (f"{label}（{text}）" if text else label), op.id


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_svg(spec: Spec, steps: tuple[Step, ...] = STEPS, actors: tuple[str, ...] = ACTORS) -> str:
    """The diagram as an `<svg>` element, numbered messages between lifelines."""
    labels = [step_label(spec, s) for s in steps]
    pairs = list(zip(steps, labels, strict=True))
    description = "；".join(f"{i}. {s.source} → {s.target}：{label}" for i, (s, (label, _)) in enumerate(pairs, 1))
    box_w = max(max(text_width(a) for a in actors) + 28, 110)
    spacing = box_w + 30
    for step, (label, _) in pairs:
        span = abs(actors.index(step.source) - actors.index(step.target))
        spacing = max(spacing, (text_width(f"{len(steps)}. {label}") + 24) / span)
    xs = [MARGIN + box_w / 2 + i * spacing for i in range(len(actors))]
    width = xs[-1] + box_w / 2 + MARGIN
    first_row = MARGIN + BOX_H + TOP_GAP
    bottom_box = first_row + (len(steps) - 1) * ROW + TOP_GAP - 10
    height = bottom_box + BOX_H + MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sequence" role="img" aria-labelledby="seq-title seq-desc" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'font-family={quoteattr(FONT)} font-size="{SIZE}">',
        '<title id="seq-title">功能时序图</title>',
        f'<desc id="seq-desc">{escape(description)}</desc>',
        "<defs>",
        '<marker id="seq-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="seq-head"/></marker>',
        "</defs>",
    ]
    for x in xs:
        out.append(
            f'<line class="seq-life" x1="{_n(x)}" y1="{_n(MARGIN + BOX_H)}" x2="{_n(x)}" y2="{_n(bottom_box)}"/>'
        )
    for actor, x in zip(actors, xs, strict=True):
        for y in (MARGIN, bottom_box):
            out.append(
                f'<g class="seq-actor"><rect x="{_n(x - box_w / 2)}" y="{_n(y)}" width="{_n(box_w)}" '
                f'height="{BOX_H}" rx="6"/><text x="{_n(x)}" y="{_n(y + BOX_H / 2 + 4.5)}" '
                f'text-anchor="middle">{escape(actor)}</text></g>'
            )
    for i, (step, (label, anchor)) in enumerate(pairs, 1):
        y = first_row + (i - 1) * ROW
        x1, x2 = xs[actors.index(step.source)], xs[actors.index(step.target)]
        kind = "seq-reply" if step.reply else "seq-call"
        text = f'<text x="{_n((x1 + x2) / 2)}" y="{_n(y - 7)}" text-anchor="middle">{escape(f"{i}. {label}")}</text>'
        if anchor:
            text = f'<a href="#{escape(anchor)}">{text}</a>'
        out.append(
            f'<g class="seq-step {kind}"><line x1="{_n(x1)}" y1="{_n(y)}" x2="{_n(x2)}" y2="{_n(y)}" '
            f'marker-end="url(#seq-arrow)"/>{text}</g>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
