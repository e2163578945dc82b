<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub.xsl: an EPUB 3 book of a document, or of a whole edition.

  The reading page of html.xsl, in one reading (the parameter reading: EPUB reading systems
  run no script to switch it), as the XHTML content documents of an EPUB, with the notes as
  EPUB footnotes (epub:type noteref and footnote, with back-links), the index of names, a
  navigation document and the package document with EPUB Accessibility 1.1 metadata.
  tei_edition.transform.epub packages what this stylesheet writes: it only zips.

  Two inputs, two results:
    a TEI document    a part of the book: <te:part> with the part's metadata (<te:meta>),
                      its entries of the table of contents (<te:toc>), its mentions of the
                      shared register's entries (<te:mention>, for the edition's register),
                      and its content document (<te:file href>, XHTML)
    <te:book>         the book made of its parts (their <te:part> without the file): the
                      package document (package.opf), the navigation document (nav.xhtml),
                      for an edition its title page and the register as an index
                      (<te:files> of <te:file href media-type properties>)

  The part's place in the book comes in the private parameter ep:context, a document
  <context book="document|edition" file="NAME.xhtml"><part stem file/>…</context> (every
  document of the book, by the stem of its file, with its content document): a document's own
  book has the document's index of names; an edition's parts link names to the edition's
  register (register.xhtml) and pointers to the other documents of the edition to their
  content documents.

  Parameters: those of html.xsl that apply (reading, index, paragraph-numbers).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="https://tei-edition.org/ns"
    xmlns:ep="https://tei-edition.org/ns/epub"
    xmlns:opf="http://www.idpf.org/2007/opf"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="html.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="ep:context" as="document-node()?" select="()"/>

  <!-- Give the other reading too, after the reading chosen: each document's text once more
       in a content document of its own (NAME.diplomatic.xhtml or NAME.normalized.xhtml),
       its notes' references leading to the notes of the first. -->
  <xsl:param name="both-readings" as="xs:boolean" select="false()"/>

  <!-- One reading: no switch in an EPUB. -->
  <xsl:variable name="te:split" as="xs:boolean" select="false()"/>

  <xsl:variable name="ep:book" as="xs:string" select="string(($ep:context/*/@book, 'document')[1])"/>
  <xsl:variable name="ep:file" as="xs:string" select="string(($ep:context/*/@file, 'text.xhtml')[1])"/>
  <xsl:variable name="ep:parts" as="element()*" select="$ep:context/*/part"/>

  <xsl:variable name="ep:xhtml" as="xs:string" select="'http://www.w3.org/1999/xhtml'"/>
  <xsl:variable name="ep:ops" as="xs:string" select="'http://www.idpf.org/2007/ops'"/>

  <!-- Is a language one written from right to left (its text gets dir="rtl")? -->
  <xsl:function name="ep:is-rtl" as="xs:boolean">
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:sequence select="te:is-rtl($lang)"/>
  </xsl:function>

  <!-- In an edition's book, a name links to its entry in the register's content document;
       in a document's own book, to the entry in its index. -->
  <xsl:function name="te:entry-href" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="
        if ($ep:book = 'edition' and exists($te:registers) and root($entry) is $te:registers)
        then 'register.xhtml#' || te:entry-id($entry)
        else if ($ep:book = 'edition') then ''
        else if ($te:has-index) then '#' || te:entry-id($entry)
        else ''"/>
  </xsl:function>

  <!-- A pointer to another document of the edition: its content document in the edition's
       book (the document, not a place in it); in a document's own book, no link. -->
  <xsl:function name="te:document-href" as="xs:string">
    <xsl:param name="target" as="xs:string?"/>
    <xsl:variable name="t" select="replace(normalize-space($target), '^([\w.-]+/)+', '')"/>
    <xsl:variable name="stem" select="replace(substring-before($t || '#', '#'), '\.xml$', '')"/>
    <xsl:sequence select="if (matches(normalize-space($target), '^([\w-][\w.-]*/)*[\w.-]+\.xml(#[\w.-]+)?$'))
        then string($ep:parts[@stem = $stem][1]/@file) else ''"/>
  </xsl:function>

  <!-- The publication date as the package's dcterms:modified (a fixed date: the same book
       every time), or the start of the epoch where the header gives none. -->
  <xsl:function name="ep:modified" as="xs:string">
    <xsl:param name="when" as="xs:string"/>
    <xsl:sequence select="
        if (matches($when, '^\d{4}-\d{2}-\d{2}$')) then $when || 'T00:00:00Z'
        else if (matches($when, '^\d{4}-\d{2}$')) then $when || '-01T00:00:00Z'
        else if (matches($when, '^\d{4}$')) then $when || '-01-01T00:00:00Z'
        else '1970-01-01T00:00:00Z'"/>
  </xsl:function>

  <!-- ======================================================== the parts -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="/te:book">
        <xsl:apply-templates select="/te:book" mode="ep:book"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="/" mode="te:check"/>
        <xsl:call-template name="ep:part"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ep:part">
    <xsl:variable name="root" select="/"/>
    <!-- the book's language: the TEI's, its text's, the first its header declares, else
         undetermined ('und': no language is claimed that the document does not state) -->
    <xsl:variable name="lang" select="string((/*/@xml:lang, /*/tei:text/@xml:lang,
        /*/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident, 'und')[normalize-space()][1])"/>
    <xsl:variable name="title" select="te:title(.)"/>
    <!-- html.xsl's rendering (elements in no namespace), then made XHTML -->
    <xsl:variable name="rendered" as="element()*">
      <xsl:call-template name="te:masthead"/>
      <section id="text" aria-labelledby="text-h">
        <h2 id="text-h" class="section-title">{te:msg('reading.text')}</h2>
        <xsl:apply-templates select="te:texts(/)"/>
      </section>
      <xsl:if test="$te:has-notes">
        <xsl:call-template name="te:notes-section"/>
      </xsl:if>
      <xsl:if test="$te:has-index and $ep:book = 'document'">
        <xsl:call-template name="te:index-section"/>
      </xsl:if>
      <xsl:call-template name="te:principles-section"/>
      <xsl:if test="$ep:book = 'document'">
        <xsl:call-template name="te:cite-section"/>
      </xsl:if>
      <xsl:call-template name="te:footer"/>
    </xsl:variable>
    <xsl:variable name="body" as="document-node()">
      <xsl:document>
        <body>
          <main id="main" epub-type="bodymatter">
            <xsl:sequence select="$rendered"/>
          </main>
        </body>
      </xsl:document>
    </xsl:variable>
    <xsl:variable name="ids" as="xs:string*" select="$body//@id ! string()"/>
    <te:part file="{$ep:file}" title="{$title}" lang="{$lang}">
      <xsl:if test="$both-readings">
        <te:also href="{ep:other-file(if ($reading = 'diplomatic') then 'normalized' else 'diplomatic')}"/>
      </xsl:if>
      <te:meta>
        <te:title>{$title}</te:title>
        <xsl:for-each select="te:authors(.)">
          <te:creator>{.}</te:creator>
        </xsl:for-each>
        <te:language>{$lang}</te:language>
        <te:publisher>{te:publisher(.)}</te:publisher>
        <te:date>{te:publication-date(.)}</te:date>
        <te:identifier>{(te:edition-url(.)[te:safe-href(.)], te:edition-idno(.))[.][1]}</te:identifier>
        <te:rights>{normalize-space(string-join(te:licence(.)
            ! (if (tei:p | tei:licence | tei:ab) then (tei:p | tei:licence | tei:ab) else .)
            ! normalize-space(string-join(descendant::text(), '')), ' '))}</te:rights>
        <te:description>{string-join((te:subtitle(.)[.], te:source-citation(.)[.]), '. ')}</te:description>
        <te:has-index>{$te:has-index and $ep:book = 'document'}</te:has-index>
      </te:meta>
      <te:toc>
        <te:entry href="{$ep:file}" label="{$title}">
          <xsl:for-each select="$body//section[@id = ('text', 'notes', 'index', 'principles', 'cite')]">
            <te:entry href="{$ep:file}#{@id}" label="{normalize-space((h2)[1])}"/>
          </xsl:for-each>
        </te:entry>
        <xsl:if test="$both-readings">
          <xsl:variable name="other" select="if ($reading = 'diplomatic') then 'normalized' else 'diplomatic'"/>
          <te:entry href="{ep:other-file($other)}" label="{$title} ({te:msg('reading.text') || ' — ' || te:msg('reading.' || $other)})"/>
        </xsl:if>
      </te:toc>
      <xsl:if test="$ep:book = 'edition' and exists($te:registers)">
        <!-- where this part mentions each entry of the shared register, for its index -->
        <te:mentions>
          <xsl:for-each select="te:texts(/)//*[@ref][ancestor::tei:text]">
            <xsl:variable name="m" select="."/>
            <xsl:variable name="anchor" select="te:mention-id(.) || te:id-suffix($reading)"/>
            <xsl:for-each select="te:targets(.)[root(.) is $te:registers][$anchor = $ids]">
              <te:mention entry="{@xml:id}" href="{$ep:file}#{$anchor}" label="{te:place-label($m)}"/>
            </xsl:for-each>
          </xsl:for-each>
        </te:mentions>
      </xsl:if>
      <te:file href="{$ep:file}" media-type="application/xhtml+xml">
        <xsl:call-template name="ep:page">
          <xsl:with-param name="title" select="$title"/>
          <xsl:with-param name="lang" select="$lang"/>
          <xsl:with-param name="body" select="$body/body"/>
        </xsl:call-template>
      </te:file>
      <xsl:if test="$both-readings">
        <xsl:variable name="other" select="if ($reading = 'diplomatic') then 'normalized' else 'diplomatic'"/>
        <xsl:variable name="label" select="te:msg('reading.text') || ' — ' || te:msg('reading.' || $other)"/>
        <xsl:variable name="other-body" as="document-node()">
          <xsl:document>
            <body>
              <main id="main" epub-type="bodymatter">
                <section id="text" aria-labelledby="text-h">
                  <h1 id="text-h">{$title}</h1>
                  <p class="subtitle">{$label}</p>
                  <xsl:apply-templates select="te:texts(/)">
                    <xsl:with-param name="te:reading" tunnel="yes" select="$other"/>
                  </xsl:apply-templates>
                </section>
              </main>
            </body>
          </xsl:document>
        </xsl:variable>
        <te:file href="{ep:other-file($other)}" media-type="application/xhtml+xml" label="{$label}">
          <xsl:call-template name="ep:page">
            <xsl:with-param name="title" select="$title || ' (' || $label || ')'"/>
            <xsl:with-param name="lang" select="$lang"/>
            <xsl:with-param name="body" select="$other-body/body"/>
            <xsl:with-param name="elsewhere" select="$ids"/>
          </xsl:call-template>
        </te:file>
      </xsl:if>
    </te:part>
  </xsl:template>

  <!-- The content document of a part's other reading. -->
  <xsl:function name="ep:other-file" as="xs:string">
    <xsl:param name="other" as="xs:string"/>
    <xsl:sequence select="replace($ep:file, '\.xhtml$', '') || '.' || $other || '.xhtml'"/>
  </xsl:function>

  <!-- An XHTML content document: the body given (no namespace) made XHTML, its links
       checked. -->
  <xsl:template name="ep:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:param name="body" as="element()"/>
    <!-- the ids of the part's first content document, where a place this one lacks is -->
    <xsl:param name="elsewhere" as="xs:string*" select="()"/>
    <xsl:element name="html" namespace="{$ep:xhtml}">
      <xsl:namespace name="epub" select="$ep:ops"/>
      <xsl:attribute name="lang" select="$lang"/>
      <xsl:attribute name="xml:lang" select="$lang"/>
      <xsl:if test="ep:is-rtl($lang)">
        <xsl:attribute name="dir" select="'rtl'"/>
      </xsl:if>
      <xsl:element name="head" namespace="{$ep:xhtml}">
        <xsl:element name="meta" namespace="{$ep:xhtml}">
          <xsl:attribute name="charset" select="'utf-8'"/>
        </xsl:element>
        <xsl:element name="title" namespace="{$ep:xhtml}">{$title}</xsl:element>
        <xsl:element name="link" namespace="{$ep:xhtml}">
          <xsl:attribute name="rel" select="'stylesheet'"/>
          <xsl:attribute name="type" select="'text/css'"/>
          <xsl:attribute name="href" select="'style.css'"/>
        </xsl:element>
      </xsl:element>
      <xsl:apply-templates select="$body" mode="ep:x">
        <xsl:with-param name="ids" tunnel="yes" select="$body//@id ! string()"/>
        <xsl:with-param name="elsewhere" tunnel="yes" select="$elsewhere"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- ................................................. into XHTML -->

  <xsl:template match="*" mode="ep:x">
    <xsl:element name="{local-name()}" namespace="{$ep:xhtml}">
      <xsl:apply-templates select="@*" mode="ep:x"/>
      <xsl:apply-templates mode="ep:x"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="@*" mode="ep:x">
    <xsl:copy/>
  </xsl:template>

  <!-- A paragraph or heading of no declared language takes its direction from its first
       strong character (Arabic or Hebrew text right to left, whatever the header says). -->
  <xsl:template match="(p | h1 | h2 | h3 | h4 | h5 | h6 | li | dd | td | blockquote
      | div[not(tokenize(@class) = ('te-div', 'te-body', 'te-front', 'te-back'))])[not(@lang)]" mode="ep:x">
    <xsl:element name="{local-name()}" namespace="{$ep:xhtml}">
      <xsl:attribute name="dir" select="'auto'"/>
      <xsl:apply-templates select="@*" mode="ep:x"/>
      <xsl:apply-templates mode="ep:x"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="@lang" mode="ep:x">
    <xsl:copy/>
    <xsl:attribute name="xml:lang" select="."/>
    <xsl:if test="ep:is-rtl(.)">
      <xsl:attribute name="dir" select="'rtl'"/>
    </xsl:if>
  </xsl:template>

  <!-- An id given twice (the notes' list repeats the ids of notes set inline in the text):
       the first keeps it. -->
  <xsl:key name="ep:id" match="*[@id]" use="string(@id)"/>
  <xsl:template match="@id" mode="ep:x">
    <xsl:if test="not(root(.) instance of document-node()) or key('ep:id', string(.), root(.))[1] is ..">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>

  <!-- epub:type, written epub-type in the rendering (a prefixed name there is awkward) -->
  <xsl:template match="@epub-type" mode="ep:x">
    <xsl:attribute name="epub:type" namespace="{$ep:ops}" select="."/>
  </xsl:template>

  <!-- what only a browser's page has: its script's hooks, keyboard focus for tooltips -->
  <xsl:template match="@tabindex | @aria-describedby | @hidden" mode="ep:x"/>
  <xsl:template match="noscript | script | style | *[tokenize(@class) = 'te-js']" mode="ep:x"/>

  <!-- A tooltip (a gap's reason, an apparatus's readings) becomes its owner's title. -->
  <xsl:template match="*[tokenize(@class) = 'te-tip']" mode="ep:x"/>
  <xsl:template match="*[@aria-describedby][*[tokenize(@class) = 'te-tip']]" mode="ep:x">
    <xsl:element name="{local-name()}" namespace="{$ep:xhtml}">
      <xsl:apply-templates select="@*" mode="ep:x"/>
      <xsl:attribute name="title" select="normalize-space(string-join(*[tokenize(@class) = 'te-tip']//text(), ''))"/>
      <xsl:apply-templates mode="ep:x"/>
    </xsl:element>
  </xsl:template>

  <!-- A link within the content document to a place it does not have: the diplomatic
       reading's copy of the place where there is one, else no link. -->
  <xsl:template match="a[starts-with(@href, '#')]" mode="ep:x">
    <xsl:param name="ids" tunnel="yes" as="xs:string*"/>
    <xsl:param name="elsewhere" tunnel="yes" as="xs:string*" select="()"/>
    <xsl:variable name="id" select="substring(@href, 2)"/>
    <xsl:variable name="to" select="
        if ($id = $ids) then '#' || $id
        else if ($id || '-d' = $ids) then '#' || $id || '-d'
        else if ($id = $elsewhere) then $ep:file || '#' || $id
        else ''"/>
    <xsl:choose>
      <xsl:when test="$to">
        <xsl:element name="a" namespace="{$ep:xhtml}">
          <xsl:apply-templates select="@*" mode="ep:x"/>
          <xsl:attribute name="href" select="$to"/>
          <xsl:call-template name="ep:link-role"/>
          <xsl:apply-templates mode="ep:x"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="span" namespace="{$ep:xhtml}">
          <xsl:apply-templates select="@* except (@href, @aria-label)" mode="ep:x"/>
          <xsl:apply-templates mode="ep:x"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the roles of note references and of the notes' way back -->
  <xsl:template name="ep:link-role">
    <xsl:choose>
      <xsl:when test="tokenize(@class) = 'te-noteref'">
        <xsl:attribute name="epub:type" namespace="{$ep:ops}" select="'noteref'"/>
        <xsl:attribute name="role" select="'doc-noteref'"/>
      </xsl:when>
      <xsl:when test="tokenize(@class) = 'back' and ancestor::*[tokenize(@class) = 'notelist']">
        <xsl:attribute name="role" select="'doc-backlink'"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The notes: EPUB footnotes, each an aside, which reading systems show where the
       reference is followed. -->
  <xsl:template match="ol[tokenize(@class) = 'notelist']" mode="ep:x">
    <xsl:element name="div" namespace="{$ep:xhtml}">
      <xsl:apply-templates select="@*" mode="ep:x"/>
      <xsl:apply-templates mode="ep:x"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="ol[tokenize(@class) = 'notelist']/li" mode="ep:x">
    <xsl:element name="aside" namespace="{$ep:xhtml}">
      <xsl:apply-templates select="@*" mode="ep:x"/>
      <xsl:attribute name="epub:type" namespace="{$ep:ops}" select="'footnote'"/>
      <xsl:attribute name="role" select="'doc-footnote'"/>
      <xsl:apply-templates mode="ep:x"/>
    </xsl:element>
  </xsl:template>

  <!-- ======================================================== the book -->

  <xsl:template match="te:book" mode="ep:book">
    <xsl:variable name="book" select="."/>
    <xsl:variable name="edition" select="@kind = 'edition'"/>
    <xsl:variable name="lang" select="string(@lang)"/>
    <xsl:variable name="has-register" select="$edition and exists($te:registers//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id])"/>
    <xsl:variable name="content" as="element()*">
      <xsl:if test="$edition">
        <te:item id="title" href="title.xhtml"/>
      </xsl:if>
      <xsl:for-each select="te:part">
        <xsl:variable name="n" select="position()"/>
        <te:item id="part-{$n}" href="{@file}"/>
        <xsl:for-each select="te:also">
          <te:item id="part-{$n}-{position() + 1}" href="{@href}"/>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:if test="$has-register">
        <te:item id="register" href="register.xhtml"/>
      </xsl:if>
    </xsl:variable>
    <te:files>
      <te:file href="package.opf" media-type="application/oebps-package+xml">
        <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"
            xml:lang="{$lang}">
          <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:identifier id="pub-id">{@identifier}</dc:identifier>
            <dc:title>{@title}</dc:title>
            <dc:language>{$lang}</dc:language>
            <xsl:for-each select="te:creator">
              <dc:creator>{.}</dc:creator>
            </xsl:for-each>
            <xsl:for-each select="@publisher[normalize-space()]">
              <dc:publisher>{.}</dc:publisher>
            </xsl:for-each>
            <xsl:for-each select="@date[matches(., '^\d{4}(-\d{2}(-\d{2})?)?$')]">
              <dc:date>{.}</dc:date>
            </xsl:for-each>
            <xsl:for-each select="@rights[normalize-space()]">
              <dc:rights>{.}</dc:rights>
            </xsl:for-each>
            <xsl:for-each select="@description[normalize-space()]">
              <dc:description>{.}</dc:description>
            </xsl:for-each>
            <meta property="dcterms:modified">{ep:modified(string(@date))}</meta>
            <!-- EPUB Accessibility 1.1 -->
            <meta property="schema:accessMode">textual</meta>
            <meta property="schema:accessModeSufficient">textual</meta>
            <meta property="schema:accessibilityFeature">structuralNavigation</meta>
            <meta property="schema:accessibilityFeature">tableOfContents</meta>
            <meta property="schema:accessibilityFeature">readingOrder</meta>
            <meta property="schema:accessibilityFeature">displayTransformability</meta>
            <xsl:if test="$has-register or te:part/te:meta/te:has-index = 'true'">
              <meta property="schema:accessibilityFeature">index</meta>
            </xsl:if>
            <meta property="schema:accessibilityHazard">none</meta>
            <meta property="schema:accessibilitySummary">Text only, without images or media: headings, a table of contents and {if ($edition) then 'an index of the names in the register' else 'an index of names'} for navigation; notes are footnotes linked both ways; the {@reading} reading of the text, with its editorial principles stated. Conforms to EPUB Accessibility 1.1 and WCAG 2.1 Level AA.</meta>
            <meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>
            <meta property="a11y:certifiedBy">tei-edition (self-declared)</meta>
          </metadata>
          <manifest>
            <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
            <item id="css" href="style.css" media-type="text/css"/>
            <xsl:for-each select="$content">
              <item id="{@id}" href="{@href}" media-type="application/xhtml+xml"/>
            </xsl:for-each>
          </manifest>
          <spine>
            <xsl:for-each select="$content">
              <itemref idref="{@id}"/>
            </xsl:for-each>
          </spine>
        </package>
      </te:file>
      <te:file href="nav.xhtml" media-type="application/xhtml+xml">
        <xsl:call-template name="ep:page">
          <xsl:with-param name="title" select="string(@title)"/>
          <xsl:with-param name="lang" select="$lang"/>
          <xsl:with-param name="body" as="element()">
            <body>
              <nav epub-type="toc" id="toc" role="doc-toc" aria-labelledby="toc-h">
                <h1 id="toc-h">{te:msg('epub.contents')}</h1>
                <ol>
                  <xsl:if test="$edition">
                    <li><a href="title.xhtml">{@title}</a></li>
                  </xsl:if>
                  <xsl:for-each select="te:part/te:toc/te:entry">
                    <li>
                      <xsl:apply-templates select="." mode="ep:nav">
                        <xsl:with-param name="nested" select="not($edition)"/>
                      </xsl:apply-templates>
                    </li>
                  </xsl:for-each>
                  <xsl:if test="$has-register">
                    <li><a href="register.xhtml">{te:msg('reading.index')}</a></li>
                  </xsl:if>
                </ol>
              </nav>
              <nav epub-type="landmarks" id="landmarks" aria-labelledby="landmarks-h">
                <h2 id="landmarks-h">{te:msg('epub.landmarks')}</h2>
                <ol>
                  <xsl:if test="$edition">
                    <li><a epub-type="titlepage" href="title.xhtml">{@title}</a></li>
                  </xsl:if>
                  <li><a epub-type="bodymatter" href="{te:part[1]/@file}">{te:msg('reading.text')}</a></li>
                  <xsl:if test="$has-register">
                    <li><a epub-type="index" href="register.xhtml">{te:msg('reading.index')}</a></li>
                  </xsl:if>
                </ol>
              </nav>
            </body>
          </xsl:with-param>
        </xsl:call-template>
      </te:file>
      <xsl:if test="$edition">
        <te:file href="title.xhtml" media-type="application/xhtml+xml">
          <xsl:call-template name="ep:page">
            <xsl:with-param name="title" select="string(@title)"/>
            <xsl:with-param name="lang" select="$lang"/>
            <xsl:with-param name="body" as="element()">
              <body>
                <section epub-type="titlepage" class="titlepage" aria-labelledby="title-h">
                  <h1 id="title-h">{@title}</h1>
                  <xsl:if test="te:creator">
                    <p class="editors">{string-join(te:creator, ', ')}</p>
                  </xsl:if>
                  <xsl:if test="@publisher[normalize-space()] or @date[normalize-space()]">
                    <p class="imprint">{string-join((@publisher[normalize-space()], @date[normalize-space()] ! te:date-words(.)), ', ')}</p>
                  </xsl:if>
                  <xsl:for-each select="te:introduction[normalize-space()]">
                    <xsl:for-each select="tokenize(., '\n\s*\n')[normalize-space()]">
                      <p>{normalize-space(.)}</p>
                    </xsl:for-each>
                  </xsl:for-each>
                  <h2 id="docs-h">{te:msg('nav.documents')}</h2>
                  <ol class="documents" aria-labelledby="docs-h">
                    <xsl:for-each select="te:part">
                      <li><a href="{@file}">{@title}</a></li>
                    </xsl:for-each>
                  </ol>
                  <xsl:if test="@rights[normalize-space()]">
                    <p class="licence">{@rights}</p>
                  </xsl:if>
                </section>
              </body>
            </xsl:with-param>
          </xsl:call-template>
        </te:file>
      </xsl:if>
      <xsl:if test="$has-register">
        <te:file href="register.xhtml" media-type="application/xhtml+xml">
          <xsl:call-template name="ep:page">
            <xsl:with-param name="title" select="te:msg('reading.index') || ' — ' || @title"/>
            <xsl:with-param name="lang" select="$lang"/>
            <xsl:with-param name="body" as="element()">
              <body>
                <section epub-type="index" role="doc-index" id="index" aria-labelledby="index-h">
                  <h1 id="index-h">{te:msg('reading.index')}</h1>
                  <xsl:for-each select="('person', 'place', 'org')">
                    <xsl:variable name="kind" select="."/>
                    <xsl:variable name="entries" select="$te:registers//(if ($kind = 'person') then (tei:person | tei:personGrp)
                        else if ($kind = 'place') then tei:place else tei:org)[@xml:id]"/>
                    <xsl:if test="$entries">
                      <section id="index-{$kind}" aria-labelledby="index-{$kind}-h">
                        <h2 id="index-{$kind}-h">{te:msg('kind.' || $kind)}</h2>
                        <ul class="entries">
                          <xsl:for-each select="$entries">
                            <xsl:sort select="te:sort-key(.)" lang="en"/>
                            <xsl:variable name="id" select="string(@xml:id)"/>
                            <xsl:variable name="desc" select="te:entry-description(.)"/>
                            <li id="{te:entry-id(.)}">
                              <span class="entry-name">{te:filing-name(.)}</span>
                              <xsl:if test="$desc"><span class="entry-desc"> — {$desc}</span></xsl:if>
                              <xsl:variable name="parts" select="$book/te:part[te:mentions/te:mention/@entry = $id]"/>
                              <xsl:if test="exists($parts)">
                                  <ul class="entry-refs">
                                    <xsl:for-each select="$parts">
                                      <li>
                                        <cite>{@title}</cite>
                                        <xsl:text>: </xsl:text>
                                        <xsl:for-each select="te:mentions/te:mention[@entry = $id]">
                                          <!-- a second mention in the same place: ¶45.2 -->
                                          <xsl:variable name="same" select="count(preceding-sibling::te:mention[@entry = $id][@label = current()/@label])"/>
                                          <xsl:if test="position() gt 1">, </xsl:if>
                                          <a href="{@href}" class="back">{@label}{if ($same gt 0) then '.' || ($same + 1) else ''}</a>
                                        </xsl:for-each>
                                      </li>
                                    </xsl:for-each>
                                  </ul>
                              </xsl:if>
                            </li>
                          </xsl:for-each>
                        </ul>
                      </section>
                    </xsl:if>
                  </xsl:for-each>
                </section>
              </body>
            </xsl:with-param>
          </xsl:call-template>
        </te:file>
      </xsl:if>
    </te:files>
  </xsl:template>

  <!-- An entry of the table of contents, with its own entries below it. -->
  <xsl:template match="te:entry" mode="ep:nav">
    <xsl:param name="nested" as="xs:boolean" select="true()"/>
    <a href="{@href}">{@label}</a>
    <xsl:if test="$nested and te:entry">
      <ol>
        <xsl:for-each select="te:entry">
          <li><a href="{@href}">{@label}</a></li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
