package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// What every resource's handlers share: request bodies that apply themselves to a record, the
// field setters they use, and the steps (and the handlers built from them) that bind, call the
// store once and answer. Each step answers the error itself and reports whether the handler
// should go on.

// requestBody is a POST, PUT or PATCH body that sets the fields it carries on a record M.
type requestBody[M any] interface {
	apply(*M)
}

// changeBody is a PUT or PATCH body: it also carries the version the client last read.
type changeBody[M any] interface {
	requestBody[M]
	version() *int64
}

// setIf copies *p into *dst when the client sent the field.
func setIf[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}

// setRef applies a patched reference id: absent leaves it, 0 clears it, else sets it.
func setRef(dst **int64, v *int64) {
	if v == nil {
		return
	}
	*dst = nil
	if *v != 0 {
		id := *v
		*dst = &id
	}
}

// vendorNameOf and budgetLineCodeOf name a loaded reference for responses, or "".
func vendorNameOf(v *models.Vendor) string {
	if v == nil {
		return ""
	}
	return v.Name
}

func budgetLineCodeOf(b *models.BudgetLine) string {
	if b == nil {
		return ""
	}
	return b.Code
}

// respondFunc answers with one record: 201 after a create, else 200.
type respondFunc[M any] func(c *gin.Context, status int, v *M)

// writeOne answers with one record's body and version: 201 with its location (path/id) when
// status is 201, else status.
func writeOne(c *gin.Context, status int, path string, id, version int64, body any) {
	if status == http.StatusCreated {
		created(c, path, id, version, body)
		return
	}
	setETag(c, version)
	c.JSON(status, body)
}

// pathID reads the id path parameter name; when it is no id it answers 404.
func pathID(c *gin.Context, name string) (int64, bool) {
	id, err := idParam(c, name)
	if err != nil {
		writeError(c, err)
		return 0, false
	}
	return id, true
}

// listBy reads a list's filter from the query string and loads one page.
func listBy[F, M any](c *gin.Context, filterOf func(*gin.Context) (F, error),
	list func(ctx context.Context, f F) (models.ListResult[M], error)) (models.ListResult[M], bool) {
	f, err := filterOf(c)
	if err != nil {
		writeError(c, err)
		return models.ListResult[M]{}, false
	}
	res, err := list(c.Request.Context(), f)
	if err != nil {
		writeError(c, err)
		return res, false
	}
	return res, true
}

// getByID loads the record the :id path parameter names.
func getByID[M any](c *gin.Context, get func(ctx context.Context, id int64) (*M, error)) (*M, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return nil, false
	}
	v, err := get(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return v, true
}

// createFrom binds a POST body into req and stores the record it describes.
func createFrom[M any](c *gin.Context, req requestBody[M], create func(ctx context.Context, v *M) error) (*M, bool) {
	if err := bindJSON(c, req); err != nil {
		writeError(c, err)
		return nil, false
	}
	var v M
	req.apply(&v)
	if err := create(c.Request.Context(), &v); err != nil {
		writeError(c, err)
		return nil, false
	}
	return &v, true
}

// updateByID binds a PUT or PATCH body into req, reads the version the client last saw
// (If-Match, else the body's) and applies the request to the record the path parameter
// param names, at that version.
func updateByID[M any](c *gin.Context, param string, req changeBody[M],
	update func(ctx context.Context, id, version int64, change func(*M) error) (*M, error)) (*M, bool) {
	id, ok := pathID(c, param)
	if !ok {
		return nil, false
	}
	if err := bindJSON(c, req); err != nil {
		writeError(c, err)
		return nil, false
	}
	ver, err := versionOf(c, req.version())
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	v, err := update(c.Request.Context(), id, ver, func(v *M) error { req.apply(v); return nil })
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return v, true
}

// deleteByID deletes the record the path parameter param names, with an optional If-Match
// version, and answers 204.
func deleteByID(c *gin.Context, param string, del func(ctx context.Context, id int64, version *int64) error) {
	id, ok := pathID(c, param)
	if !ok {
		return
	}
	ver, err := optionalVersion(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := del(c.Request.Context(), id, ver); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// getHandler is the handler of GET /<resource>/{id}.
func getHandler[M any](get func(ctx context.Context, id int64) (*M, error), respond respondFunc[M]) gin.HandlerFunc {
	return func(c *gin.Context) {
		if v, ok := getByID(c, get); ok {
			respond(c, http.StatusOK, v)
		}
	}
}

// createHandler is the handler of POST /<resource> with a body R.
func createHandler[R any, PR interface {
	*R
	requestBody[M]
}, M any](create func(ctx context.Context, v *M) error, respond respondFunc[M]) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req R
		if v, ok := createFrom[M](c, PR(&req), create); ok {
			respond(c, http.StatusCreated, v)
		}
	}
}

// updateHandler is the handler of PUT or PATCH /<resource>/{id} with a body R.
func updateHandler[R any, PR interface {
	*R
	changeBody[M]
}, M any](update func(ctx context.Context, id, version int64, change func(*M) error) (*M, error), respond respondFunc[M]) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req R
		if v, ok := updateByID[M](c, "id", PR(&req), update); ok {
			respond(c, http.StatusOK, v)
		}
	}
}

// deleteHandler is the handler of DELETE /<resource>/{id}: an optional If-Match version, 204.
func deleteHandler(del func(ctx context.Context, id int64, version *int64) error) gin.HandlerFunc {
	return func(c *gin.Context) { deleteByID(c, "id", del) }
}

// converter loads what the responses of the records with these ids need beyond the records
// themselves (a few queries for a whole page, not one a row) and returns the conversion.
type converter[M, R any] func(ctx context.Context, ids ...int64) (func(*M) R, error)

// listConverted answers one page of records with the conversion convert builds for the page.
func listConverted[M, R any](c *gin.Context, res models.ListResult[M], idOf func(*M) int64, convert converter[M, R]) {
	ids := make([]int64, len(res.Items))
	for i := range res.Items {
		ids[i] = idOf(&res.Items[i])
	}
	conv, err := convert(c.Request.Context(), ids...)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(res, conv))
}

// writeConverted is writeOne for a record whose response needs convert.
func writeConverted[M, R any](c *gin.Context, status int, path string, v *M, id, version int64, convert converter[M, R]) {
	conv, err := convert(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	writeOne(c, status, path, id, version, conv(v))
}

// reloaded is respond for a record just written, loaded again by get first: get adds what a
// write does not return (the names of what it refers to, counts).
func reloaded[M any](get func(ctx context.Context, id int64) (*M, error), idOf func(*M) int64, respond respondFunc[M]) respondFunc[M] {
	return func(c *gin.Context, status int, v *M) {
		loaded, err := get(c.Request.Context(), idOf(v))
		if err != nil {
			writeError(c, err)
			return
		}
		respond(c, status, loaded)
	}
}
