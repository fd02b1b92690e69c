#!/usr/bin/env python3
"""Cross-check `regionkg network` against NetworkX on the same graph.

Usage: scripts/check-network.py REGIONKG_BINARY STORE [--level prefecture] [--weight documents]

Runs `regionkg network nodes --format json --graphml FILE`, loads the GraphML in NetworkX,
recomputes every node measure there (PageRank, eigenvector centrality, betweenness and closeness
with distance = 1 / weight, clustering, strength, degree), the network measures (density,
average clustering, average path length of the largest component) and the modularity of
regionkg's partition, and fails when any differs by more than 1e-6 (relative 1e-4 for the
iterative ones). Prints the largest differences.
"""
import json
import math
import subprocess
import sys
import tempfile

import networkx as nx


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, store, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        graphml = f"{tmp}/view.graphml"
        out = subprocess.run(
            [binary, "network", "nodes", "--store", store, "--format", "json",
             "--graphml", graphml, *extra],
            check=True, capture_output=True, text=True).stdout
        ours = {row["id"] if isinstance(row["id"], str) else str(int(row["id"])): row
                for row in json.loads(out)}
        g = nx.read_graphml(graphml)
        summary = subprocess.run(
            [binary, "network", "summary", "--store", store, "--format", "json", *extra],
            check=True, capture_output=True, text=True).stdout
        summary = {r["measure"]: r["value"] for r in json.loads(summary)}
    for _, _, d in g.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    theirs = {
        "pagerank": nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000),
        "eigenvector": nx.eigenvector_centrality(g, weight="weight", tol=1e-12, max_iter=10000),
        "betweenness": nx.betweenness_centrality(g, weight="distance"),
        "closeness": nx.closeness_centrality(g, distance="distance"),
        "clustering": nx.clustering(g),
        "strength": dict(g.degree(weight="weight")),
        "degree": dict(g.degree()),
    }
    worst = {}
    failed = False
    for measure, values in theirs.items():
        tolerance = 1e-4 if measure in ("pagerank", "eigenvector") else 1e-6
        diffs = []
        for node, v in values.items():
            mine = float(ours[node][measure])
            # Relative difference, absolute for values near zero.
            diffs.append((abs(mine - v) / max(abs(v), 1e-3), node, mine, v))
        diffs.sort(reverse=True)
        worst[measure] = diffs[0]
        if diffs[0][0] > tolerance:
            failed = True
    for measure, (rel, node, mine, v) in worst.items():
        print(f"{measure:12} largest difference at {node}: regionkg {mine:.6g}, networkx {v:.6g}")
    # Network measures.
    checks = {
        "density": nx.density(g),
        "average clustering": nx.average_clustering(g),
    }
    lcc = g.subgraph(max(nx.connected_components(g), key=len))
    checks["average path length (hops, largest component)"] = nx.average_shortest_path_length(lcc)
    communities = {}
    for node, d in g.nodes(data=True):
        communities.setdefault(d["community"], set()).add(node)
    checks["modularity"] = nx.community.modularity(g, communities.values(), weight="weight")
    for name, v in checks.items():
        mine = float(summary[name])
        ok = abs(mine - v) < 1e-4
        failed |= not ok
        print(f"{name:48} regionkg {mine:.4f}  networkx {v:.4f}  {'ok' if ok else 'DIFFERS'}")
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    if failed:
        sys.exit("regionkg and NetworkX disagree")
    print("regionkg agrees with NetworkX")


if __name__ == "__main__":
    main()
