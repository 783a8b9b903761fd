#!/usr/bin/env python3
"""Synthetic MovieLens-100K-sized data for bench/recs-bench: 943 users, 1,682 items, about
100,000 interactions with planted taste communities and a popularity skew. Writes u.data
(user TAB item TAB rating TAB unix-seconds) and items.json ({"items": [...]}, batches of
at most 10,000). Deterministic for a seed."""
import json, random, sys

out_dir = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
rnd = random.Random(seed)
USERS, ITEMS, COMMUNITIES, TARGET = 943, 1682, 20, 100_000
categories = ["drama", "comedy", "action", "thriller", "romance", "scifi", "horror", "documentary"]
item_community = [rnd.randrange(COMMUNITIES) for _ in range(ITEMS)]
popularity = [1.0 / (1 + i) ** 0.8 for i in range(ITEMS)]
rnd.shuffle(popularity)
members = [[i for i in range(ITEMS) if item_community[i] == c] for c in range(COMMUNITIES)]
per_user = TARGET // USERS
with open(f"{out_dir}/u.data", "w") as f:
    t0 = 880_000_000
    for u in range(USERS):
        c = rnd.randrange(COMMUNITIES)
        own = members[c]
        seen = set()
        n = max(20, int(rnd.gauss(per_user, per_user / 3)))
        while len(seen) < min(n, ITEMS):
            if rnd.random() < 0.75:
                i = rnd.choices(own, weights=[popularity[j] for j in own])[0]
            else:
                i = rnd.choices(range(ITEMS), weights=popularity)[0]
            if i in seen:
                continue
            seen.add(i)
            f.write(f"{u + 1}\t{i + 1}\t{rnd.randint(1, 5)}\t{t0 + rnd.randrange(10_000_000)}\n")
items = []
for i in range(ITEMS):
    c = item_community[i]
    items.append({"id": str(i + 1), "title": f"Movie {i + 1}", "category": categories[c % len(categories)],
                  "tags": [f"taste{c}", categories[(c + 3) % len(categories)]],
                  "attributes": {"in_stock": rnd.random() > 0.05, "promoted": rnd.random() < 0.05}})
with open(f"{out_dir}/items.json", "w") as f:
    json.dump({"items": items}, f)
