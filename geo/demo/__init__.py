"""The demo data set: a seeded, reproducible, illustrative (示例数据) Suzhou in autumn 2020 that
reproduces the figures of the city's enforcement bulletin. `build(seed)` returns every layer.

Modules: `geography` (districts, lakes, land masks, point sampling), `water` (rivers, sections, outlets,
samples), `firms`, `teams`, `campaigns` (campaign table and calendar), `records` (the ledger of
inspections and problems), `inspections` (everyday and holiday inspections), `bulletin` (the bulletin's
events), `fires` (satellite fire points), `build`.

Use `from geo.demo.build import build` (the package does not re-export it, so that `geo.demo.build`
stays the module).
"""
