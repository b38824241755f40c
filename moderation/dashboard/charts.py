"""Server-drawn SVG charts for the moderation dashboard: bar and line geometry, no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass
class Series:
    name: str
    colour: str
    values: list[float | None]


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[Series]
    percent: bool = False
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    x_ticks: list[dict] = field(default_factory=list)
    plot: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The figures as table rows, for people who cannot see the chart."""
        return [(label, [self.format(s.values[i]) for s in self.series])
                for i, label in enumerate(self.labels)]

    def format(self, value: float | None) -> str:
        if value is None:
            return "no data"
        return f"{value:.0%}" if self.percent else f"{value:g}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if value <= step * 4:
            return step * 4
    return value


def _axes(chart: Chart, top: float, every: int) -> None:
    chart.plot = {"x": LEFT, "y": TOP, "w": PLOT_W, "h": PLOT_H, "bottom": TOP + PLOT_H,
                  "right": LEFT + PLOT_W}
    for n in range(5):
        value = top * n / 4
        chart.y_ticks.append({"y": round(TOP + PLOT_H - PLOT_H * n / 4, 1),
                              "label": f"{value:.0%}" if chart.percent else f"{value:g}"})
    slot = PLOT_W / max(len(chart.labels), 1)
    for i, label in enumerate(chart.labels):
        if i % every == 0 or i == len(chart.labels) - 1:
            chart.x_ticks.append({"x": round(LEFT + slot * (i + 0.5), 1), "label": label})


def bar_chart(*, title: str, labels: list[str], series: list[Series], every: int = 5) -> Chart:
    """Grouped bars: one group a label, one bar a series."""
    chart = Chart(title=title, labels=labels, series=series)
    top = _nice_max(max((v or 0 for s in series for v in s.values), default=0))
    _axes(chart, top, every)
    slot = PLOT_W / max(len(labels), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    for i in range(len(labels)):
        for j, s in enumerate(series):
            value = s.values[i] or 0
            h = PLOT_H * value / top
            chart.bars.append({
                "x": round(LEFT + slot * i + slot * 0.1 + bar_w * j, 1),
                "y": round(TOP + PLOT_H - h, 1), "w": round(bar_w, 1), "h": round(h, 1),
                "colour": s.colour, "tip": f"{labels[i]}, {s.name}: {chart.format(value)}",
            })
    return chart


def line_chart(*, title: str, labels: list[str], series: list[Series], every: int = 2
               ) -> Chart:
    """Lines of shares between 0 and 1; gaps where there is no data."""
    chart = Chart(title=title, labels=labels, series=series, percent=True)
    _axes(chart, 1.0, every)
    slot = PLOT_W / max(len(labels), 1)
    for s in series:
        points = []
        for i, value in enumerate(s.values):
            if value is None:
                continue
            points.append({"x": round(LEFT + slot * (i + 0.5), 1),
                           "y": round(TOP + PLOT_H - PLOT_H * value, 1),
                           "tip": f"{labels[i]}, {s.name}: {chart.format(value)}"})
        chart.lines.append({"colour": s.colour, "name": s.name, "points": points,
                            "path": " ".join(f"{p['x']},{p['y']}" for p in points)})
    return chart
