package sheet

import (
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// Relationship types, matched by suffix so that both transitional and strict OOXML work.
const (
	relOfficeDoc     = "/officeDocument"
	relWorksheet     = "/worksheet"
	relSharedStrings = "/sharedStrings"
	relStyles        = "/styles"
)

type rel struct{ id, typ, target string }

// load reads the workbook part, its relationships, the shared strings and the styles.
func (wb *workbook) load() error {
	wbPart := "xl/workbook.xml"
	if rels, err := wb.readRels("_rels/.rels", ""); err != nil {
		return err
	} else {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, relOfficeDoc) && wb.has(r.target) {
				wbPart = r.target
				break
			}
		}
	}
	if !wb.has(wbPart) {
		if wb.has("xl/workbook.bin") {
			return &FileError{Msg: MsgXLSB}
		}
		if wb.has("content.xml") && wb.has("meta-inf/manifest.xml") {
			return &FileError{Msg: MsgODS}
		}
		return &FileError{Msg: MsgNotXLSX}
	}
	dir := path.Dir(wbPart)
	relsPart := path.Join(dir, "_rels", path.Base(wbPart)+".rels")
	rels, err := wb.readRels(relsPart, dir)
	if err != nil {
		return err
	}
	byID := make(map[string]rel, len(rels))
	sstPart, stylesPart := path.Join(dir, "sharedStrings.xml"), path.Join(dir, "styles.xml")
	for _, r := range rels {
		byID[r.id] = r
		switch {
		case strings.HasSuffix(r.typ, relSharedStrings):
			sstPart = r.target
		case strings.HasSuffix(r.typ, relStyles):
			stylesPart = r.target
		}
	}
	if err := wb.readWorkbookXML(wbPart, byID); err != nil {
		return err
	}
	if err := wb.readStyles(stylesPart); err != nil {
		return err
	}
	return wb.readSST(sstPart)
}

// readWorkbookXML lists the worksheets in workbook order and reads the date1904 flag.
func (wb *workbook) readWorkbookXML(part string, rels map[string]rel) error {
	return wb.walkXML(part, func(d *xml.Decoder, t xml.StartElement) error {
		switch t.Name.Local {
		case "workbookPr":
			v := attr(t, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			var id string
			for _, a := range t.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
			r, ok := rels[id]
			if !ok || !strings.HasSuffix(r.typ, relWorksheet) {
				return nil // a chart, dialog or macro sheet, or a dangling reference
			}
			state := attr(t, "state")
			wb.sheets = append(wb.sheets, sheetRef{name: attr(t, "name"), part: r.target,
				hidden: state == "hidden" || state == "veryHidden"})
		}
		return nil
	})
}

// readRels reads a relationships part; targets are resolved against dir (the folder of the
// part the relationships belong to). A missing part yields no relationships.
func (wb *workbook) readRels(part, dir string) ([]rel, error) {
	var rels []rel
	err := wb.walkXML(part, func(d *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local != "Relationship" || attr(t, "TargetMode") == "External" {
			return nil
		}
		rels = append(rels, rel{id: attr(t, "Id"), typ: attr(t, "Type"), target: resolveTarget(dir, attr(t, "Target"))})
		return nil
	})
	return rels, err
}

// resolveTarget turns a relationship target into a part name: "/xl/x.xml" is absolute,
// "worksheets/sheet1.xml" and "../x.xml" are relative to dir.
func resolveTarget(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", dir, target)), "/")
}

// walkXML streams a small part through encoding/xml, calling fn on each start element. A
// DOCTYPE (and so any ENTITY declaration) is refused: OOXML never needs one, and entity
// expansion is how XML bombs work. A missing part is not an error.
func (wb *workbook) walkXML(part string, fn func(*xml.Decoder, xml.StartElement) error) error {
	rc, err := wb.open(part)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth != 0 {
				return xmlErr(part, io.ErrUnexpectedEOF)
			}
			return nil
		}
		if err != nil {
			return xmlErr(part, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return doctypeErr("part " + part)
		case xml.EndElement:
			depth--
		case xml.StartElement:
			depth++
			if err := fn(d, t); err != nil {
				return err
			}
		}
	}
}

// doctypeErr refuses a part (what: "sheet Devices", "part xl/styles.xml") with a DOCTYPE.
func doctypeErr(what string) error {
	return &FileError{Msg: "the workbook is refused: " + what + " holds a DOCTYPE or ENTITY declaration, which Excel never writes (a possible XML " +
		"bomb); the file is refused"}
}

func xmlErr(part string, err error) error { return partErr(part, "is not well-formed XML", err) }

// partErr says what is wrong with a part of the workbook; an error that already says it (a
// FileError, a LimitError) passes through.
func partErr(part, what string, err error) error {
	var fe *FileError
	var le *LimitError
	if errors.As(err, &fe) || errors.As(err, &le) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fileErr(err, "the workbook is damaged: part %s is cut short; save it again from Excel", part)
	}
	return fileErr(err, "the workbook is damaged: part %s %s (%v); save it again from Excel", part, what, err)
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
