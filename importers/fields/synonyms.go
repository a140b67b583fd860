package fields

import "sync"

var (
	indexOnce sync.Once
	indexes   map[string]map[string]string // kind -> normalised header -> field name
)

// synonymIndex returns the normalised header -> field name table of a kind. A field's
// name, canonical header and synonyms all match. Where two fields of a kind share a
// synonym, the earlier field keeps it (a test keeps the tables free of such clashes).
func synonymIndex(kind string) map[string]string {
	indexOnce.Do(func() {
		indexes = make(map[string]map[string]string, len(Kinds))
		for _, k := range Kinds {
			idx := make(map[string]string)
			for _, f := range Fields(k) {
				for _, h := range append([]string{f.Name, f.Header}, f.Synonyms...) {
					key := normKey(h)
					if _, taken := idx[key]; !taken && key != "" {
						idx[key] = f.Name
					}
				}
			}
			indexes[k] = idx
		}
	})
	return indexes[kind]
}

// MatchHeader returns the field of a kind a header names, or "" when none does.
func MatchHeader(kind, header string) string {
	return synonymIndex(kind)[normKey(header)]
}
