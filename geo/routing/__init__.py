"""Patrol routes (巡查路线规划): which places each team visits tonight, in what order and when.

- `candidates`: the places worth a visit, each with a priority, an on-site time and the reasons in words;
- `teams`: teams, bases and shifts; `travel`: distances and times (straight line × detour; road extension point);
- `solver`: prize-collecting VRP with time windows on PyVRP, plus the greedy baseline;
- `plan`: candidates + teams -> a `Plan` (stops, routes, left out and why, totals);
- `export`: GPX, KML, Excel in WGS84 or GCJ-02; `mapping`: the page's map layers;
- `solomon` and `python -m geo.routing FILE.txt`: Solomon's VRPTW benchmark format.
"""
