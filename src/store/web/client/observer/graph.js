// The blueprint graph (Graphviz SVG from the store) with the current node and the path taken highlighted.
// Graphviz writes each node as <g class="node"><title>node id</title>…</g> and each edge as
// <g class="edge"><title>from->to</title>…</g>.

/**
 * @param {HTMLElement} container  holds the SVG
 * @param {string[]} path  node ids in the order entered
 * @param {string | null} current
 */
export function highlight(container, path, current) {
  const visited = new Set(path);
  const taken = new Set();
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}->${path[i]}`);
  for (const g of container.querySelectorAll('g.node')) {
    const id = g.querySelector('title')?.textContent ?? '';
    g.classList.toggle('visited', visited.has(id));
    g.classList.toggle('current', id === current);
    if (id === current) g.setAttribute('aria-current', 'step');
    else g.removeAttribute('aria-current');
  }
  for (const g of container.querySelectorAll('g.edge')) {
    const id = (g.querySelector('title')?.textContent ?? '').replace('&#45;', '-');
    g.classList.toggle('taken', taken.has(id));
  }
  container.dataset.currentNode = current ?? '';
  container.dataset.path = path.join(',');
}
