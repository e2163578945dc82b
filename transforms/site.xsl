<?xml version="1.0" encoding="UTF-8"?>
<!--
  site.xsl: the pages of an edition's static site (tei-edition build).

  A TEI document becomes its document page: the reading page of html.xsl with the site's
  navigation (breadcrumb, previous and next document), "cite this document" with its
  stable address, citation_* meta tags, downloads, the build's version and date, and the
  data Pagefind indexes (filters kind, year, person, place; sort by date).

  Every other page (home, registers, entries, chronology, search) is made from a page
  model that tei-edition writes: a site:page element (namespace
  https://tei-edition.org/ns/site) holding the edition, the documents and the entries
  the page shows. All wording and markup is decided here.

  Every page loads its CSS and scripts from the site's theme/ (which tei-edition build writes
  from the variables te:css, te:script and those at the end of this file) and its
  Content-Security-Policy allows no inline script or style (see te:policy).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="https://tei-edition.org/ns"
    xmlns:site="https://tei-edition.org/ns/site"
    xmlns:j="http://www.w3.org/2005/xpath-functions"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="html.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- The address of the site's top folder from this page ('../' for a document page). -->
  <xsl:param name="site-root" as="xs:string" select="''"/>

  <!-- Document pages are indexed by Pagefind: their tooltips are not searched. -->
  <xsl:variable name="te:site-search" as="xs:boolean" select="true()"/>
  <!-- The edition's title and short title, for the navigation and citations. -->
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <xsl:param name="edition-short" as="xs:string" select="''"/>
  <!-- The edition's language (edition.language): the language of every page's interface;
       a document's text keeps its own (html.xsl: te:text-lang). -->
  <xsl:param name="edition-language" as="xs:string" select="''"/>
  <xsl:variable name="te:interface-lang" as="xs:string"
      select="($edition-language[normalize-space()], $te:text-lang)[1]"/>
  <!-- The edition's editors, separated by '|'. -->
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <xsl:param name="edition-publisher" as="xs:string" select="''"/>
  <!-- The build's line for every footer: version and date. -->
  <xsl:param name="stamp" as="xs:string" select="''"/>
  <!-- The build published problems it would otherwise have refused. -->
  <xsl:param name="forced" as="xs:boolean" select="false()"/>
  <!-- The editor's theme (edition.toml's [theme]): its stylesheets (paths from the site's
       root, space-separated), linked after the site's own, and its logo's path, or ''. -->
  <xsl:param name="theme-styles" as="xs:string" select="''"/>
  <xsl:param name="theme-logo" as="xs:string" select="''"/>
  <!-- A document of the edition shows page images from elsewhere (remote IIIF images):
       the footer does not say that no page needs a network connection. -->
  <xsl:param name="remote-images" as="xs:boolean" select="false()"/>
  <!-- The editor's pages (edition.pages), one a line: NAME, a tab, its title. -->
  <xsl:param name="edition-pages" as="xs:string" select="''"/>
  <!-- A document page's model (tei-edition build gives it; the TEI is the page's input):
       <site:document> with the document's stable address, whether the page is searched,
       its kind, ISO date and date as words; <site:prev>/<site:next> (href, title);
       <site:download format href>; <site:person>/<site:place> (the names it mentions);
       <site:referred href title> (the documents that point to it). Empty: a page alone. -->
  <xsl:param name="site:document-model" as="document-node()?" select="()"/>
  <xsl:variable name="site:doc" select="$site:document-model/site:document"/>

  <!-- A document's page links to the other documents of the edition it points to, and to
       no file the edition does not have. -->
  <xsl:variable name="te:documents-known" as="xs:boolean" select="exists($site:doc)"/>
  <xsl:variable name="te:known-documents" as="xs:string*"
      select="$site:doc/site:linkable/@file ! string()"/>

  <!-- The citation's files: their formats' names and media types. -->
  <xsl:variable name="site:citation-names" as="map(xs:string, xs:string)"
      select="map{'bibtex': 'BibTeX', 'ris': 'RIS', 'csl-json': 'CSL-JSON'}"/>
  <xsl:variable name="site:citation-types" as="map(xs:string, xs:string)"
      select="map{'bibtex': 'application/x-bibtex', 'ris': 'application/x-research-info-systems',
          'csl-json': 'application/vnd.citationstyles.csl+json'}"/>

  <!-- This document's stable address (the edition's base URL and the page's path). -->
  <xsl:variable name="stable-url" as="xs:string" select="string($site:doc/@stable-url)"/>
  <xsl:variable name="prev-href" as="xs:string" select="string($site:doc/site:prev/@href)"/>
  <xsl:variable name="prev-title" as="xs:string" select="string($site:doc/site:prev/@title)"/>
  <xsl:variable name="next-href" as="xs:string" select="string($site:doc/site:next/@href)"/>
  <xsl:variable name="next-title" as="xs:string" select="string($site:doc/site:next/@title)"/>
  <!-- Downloads of this document: its TEI, PDF (empty: none) and text. -->
  <xsl:variable name="tei-href" as="xs:string"
      select="string($site:doc/site:download[@format = 'tei']/@href)"/>
  <xsl:variable name="pdf-href" as="xs:string"
      select="string($site:doc/site:download[@format = 'pdf']/@href)"/>
  <xsl:variable name="text-href" as="xs:string"
      select="string($site:doc/site:download[@format = 'text']/@href)"/>
  <!-- What the site lists the document as. -->
  <xsl:variable name="doc-kind" as="xs:string" select="string($site:doc/@kind)"/>
  <xsl:variable name="doc-date" as="xs:string" select="string($site:doc/@date)"/>
  <xsl:variable name="doc-date-label" as="xs:string" select="site:date-label($site:doc)"/>

  <!-- A document's date in words, in the interface's language whatever the language of
       the header's words ('13 June 1617' for '13 giugno 1617'), as a historian writes it
       (a range '401–404', '15 March 44 BCE'; te:date-display); the header's words where
       the date is not an ISO one. -->
  <xsl:function name="site:date-label" as="xs:string">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="date" select="string($e/@date)"/>
    <xsl:sequence select="if ($date) then te:date-display($date, string($e/@date-to))
        else string($e/@date-label)"/>
  </xsl:function>
  <!-- Index this page for search (not the page of the other reading). -->
  <xsl:variable name="searchable" as="xs:boolean" select="not($site:doc/@searchable = 'false')"/>

  <!-- ================================================= the document page -->

  <!-- The citation_* tags Zotero and Google Scholar read say what the citation says (the
       page model's site:citation): citation_date is the date of the edition's release (the
       item is a document published in the edition; the document's own date is in the
       citation's text), never a build's. A page without a citation in its model (a page
       alone) gives its header's title and authors. The stable address, canonical link and
       citation_public_url only where the edition has an address (edition.base_url). -->
  <xsl:template name="te:head-extra">
    <xsl:variable name="cite" select="$site:doc/site:citation"/>
    <meta name="citation_title" content="{($cite/@title, te:title(.))[1]}"/>
    <xsl:for-each select="if ($cite) then $cite/site:author ! string(.) else te:authors(.)">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="matches(string($cite/@date), '^\d{4}')">
      <meta name="citation_date" content="{replace($cite/@date, '-', '/')}"/>
    </xsl:if>
    <xsl:if test="$edition-title">
      <meta name="citation_inbook_title" content="{$edition-title}"/>
    </xsl:if>
    <xsl:if test="$edition-publisher">
      <meta name="citation_publisher" content="{$edition-publisher}"/>
    </xsl:if>
    <xsl:if test="site:stable-url()">
      <meta name="citation_public_url" content="{($cite/@url[te:safe-href(.)], $stable-url)[1]}"/>
      <link rel="canonical" href="{$stable-url}"/>
    </xsl:if>
    <xsl:if test="$pdf-href">
      <meta name="citation_pdf_url" content="{$pdf-href}"/>
    </xsl:if>
    <xsl:if test="$cite">
      <xsl:call-template name="site:json-ld">
        <xsl:with-param name="data" select="site:document-json(., $cite)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- This document's stable address, where it is a web address (te:safe-href), or ''. -->
  <xsl:function name="site:stable-url" as="xs:string">
    <xsl:sequence select="string($stable-url[te:safe-href(.)])"/>
  </xsl:function>

  <!-- A site's page loads its CSS and scripts from the site's theme (tei-edition build
       copies transforms/theme/ into theme/) and runs nothing inline. Its policy allows no other scripts or styles
       than the site's own files: on the search page, Pagefind's, whose WebAssembly needs
       'wasm-unsafe-eval' and whose CSS draws its icons as data: images. -->
  <xsl:template name="te:policy">
    <xsl:call-template name="site:policy"/>
  </xsl:template>

  <xsl:template name="site:policy">
    <xsl:param name="search" as="xs:boolean" select="false()"/>
    <xsl:variable name="wasm" select="if ($search) then &quot; 'wasm-unsafe-eval'&quot; else ''"/>
    <xsl:variable name="images" select="if ($search) then &quot;; img-src 'self' data:&quot; else ''"/>
    <!-- a facsimile's remote images (IIIF services the TEI names) load from their origins -->
    <xsl:variable name="origins" select="string-join($site:facs/site:origin/@href[matches(., '^https?://[^\s;,''&quot;]+$')], ' ')"/>
    <xsl:variable name="remote" select="if ($origins) then &quot;; img-src 'self' &quot; || $origins || &quot;; connect-src 'self' &quot; || $origins else ''"/>
    <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src 'self'{$wasm}; style-src 'self'{$images}{$remote}; object-src 'none'; base-uri 'none'; form-action 'self'"/>
  </xsl:template>

  <xsl:template name="te:page-style">
    <link rel="stylesheet" href="{$site-root}theme/edition.css"/>
    <link rel="stylesheet" href="{$site-root}theme/site.css"/>
    <xsl:if test="$site:viewer">
      <link rel="stylesheet" href="{$site-root}theme/facsimile.css"/>
    </xsl:if>
    <xsl:for-each select="tokenize($theme-styles)">
      <link rel="stylesheet" href="{$site-root}{.}"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="te:page-script">
    <script src="{$site-root}theme/edition.js"></script>
    <xsl:if test="$site:viewer">
      <script src="{$site-root}theme/vendor/openseadragon/openseadragon.min.js"></script>
      <script src="{$site-root}theme/facsimile.js"></script>
    </xsl:if>
  </xsl:template>

  <!-- A filter's value as Pagefind's default UI is to show it: that UI writes the values of
       a filter into the page as HTML (a page's title and other metadata as text), so Pagefind
       is to hold each value with its markup characters escaped. Pagefind decodes the
       character references of a filter's value twice (of a title or other metadata, once),
       so the value is escaped twice here (and once more as the page is written). Should a
       later Pagefind decode it once, the reader sees the escapes, never markup. -->
  <xsl:function name="site:filter-value" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="site:escape-html(site:escape-html($value))"/>
  </xsl:function>

  <xsl:function name="site:escape-html" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="replace(replace(replace(replace(replace($value, '&amp;', '&amp;amp;'),
        '&lt;', '&amp;lt;'), '&gt;', '&amp;gt;'), '&quot;', '&amp;quot;'), &quot;'&quot;, '&amp;#39;')"/>
  </xsl:function>

  <xsl:template name="te:page-top">
    <xsl:if test="$edition-title">
      <xsl:call-template name="site:nav"/>
      <nav class="site-crumbs" aria-label="{te:msg('nav.breadcrumb')}" data-pagefind-ignore="all">
        <ol>
          <li><a href="{$site-root}index.html">{($edition-short[.], $edition-title)[1]}</a></li>
          <li><a href="{$site-root}chronology.html">{te:msg('nav.documents')}</a></li>
          <li aria-current="page">{te:title(.)}</li>
        </ol>
      </nav>
      <xsl:call-template name="site:prev-next"/>
      <xsl:if test="$searchable">
        <div hidden="hidden" data-pagefind-ignore="">
          <span data-pagefind-meta="title">{te:title(.)}</span>
          <span data-pagefind-filter="{te:msg('search.filter.type')}">{site:filter-value(te:msg('search.type.document'))}</span>
          <span data-pagefind-filter="{te:msg('search.filter.language')}">{site:filter-value(site:text-language(.))}</span>
          <span data-pagefind-filter="{te:msg('search.filter.kind')}">{site:filter-value($doc-kind)}</span>
          <xsl:if test="matches($doc-date, '^\d{4}')">
            <span data-pagefind-filter="{te:msg('search.filter.year')}">{site:filter-value(substring($doc-date, 1, 4))}</span>
            <span data-pagefind-meta="{te:msg('search.meta.date')}">{$doc-date-label}</span>
            <span data-pagefind-sort="date">{$doc-date}</span>
          </xsl:if>
          <xsl:for-each select="$site:doc/site:person[normalize-space()]">
            <span data-pagefind-filter="{te:msg('search.filter.person')}">{site:filter-value(.)}</span>
          </xsl:for-each>
          <xsl:for-each select="$site:doc/site:place[normalize-space()]">
            <span data-pagefind-filter="{te:msg('search.filter.place')}">{site:filter-value(.)}</span>
          </xsl:for-each>
        </div>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- What Pagefind indexes of a document page: the text as the page shows it. Both
       readings are in the page (html.xsl: te-n and te-d, one hidden by CSS); the one not
       shown, the key ("How to read this edition"), the editorial principles, the
       navigation, the notes' numbers in the text and the marks of page and section breaks
       are left out of the index
       (data-pagefind-ignore), so that a result's excerpt reads as the text reads. The body
       is marked data-pagefind-body: Pagefind then indexes only the pages so marked (the
       document pages and the register entries' pages). -->
  <xsl:template match="/" priority="1">
    <xsl:choose>
      <xsl:when test="$site:facs">
        <xsl:variable name="page" as="document-node()">
          <xsl:document><xsl:next-match/></xsl:document>
        </xsl:variable>
        <xsl:variable name="shown" as="document-node()">
          <xsl:document><xsl:apply-templates select="$page" mode="site:facs"/></xsl:document>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$searchable">
            <xsl:apply-templates select="$shown" mode="site:index"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:sequence select="$shown"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$searchable and $site:doc">
        <xsl:variable name="page" as="document-node()">
          <xsl:document><xsl:next-match/></xsl:document>
        </xsl:variable>
        <xsl:apply-templates select="$page" mode="site:index"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:mode name="site:index" on-no-match="shallow-copy"/>

  <!-- The language of a document's text (search's language filter): its text's or body's
       xml:lang, else that of the body's first part that says one (an edition div), else
       the document's, else English. -->
  <xsl:function name="site:text-language" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="text" select="$doc/*/tei:text"/>
    <xsl:sequence select="string(($text/@xml:lang, $text/tei:body/@xml:lang,
        $text/tei:body/tei:div[@xml:lang][1]/@xml:lang, $doc/*/@xml:lang, 'en')[normalize-space()][1])"/>
  </xsl:function>

  <xsl:variable name="site:hidden-reading" as="xs:string"
      select="if ($reading = 'diplomatic') then 'te-n' else 'te-d'"/>

  <xsl:template match="body" mode="site:index">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="#current"/>
      <xsl:attribute name="data-pagefind-body" select="''"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="*[tokenize(@class) = ($site:hidden-reading, 'key', 'te-mark', 'te-pb', 'skip', 'te-noteref')]
      | section[@id = 'principles'] | nav | noscript" mode="site:index">
    <xsl:copy>
      <xsl:apply-templates select="@* except @data-pagefind-ignore" mode="#current"/>
      <xsl:attribute name="data-pagefind-ignore" select="'all'"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:copy>
  </xsl:template>

  <!-- The masthead's facts as a result's excerpt reads them: Pagefind runs a dd into the
       dt before it and the dd after it ('AuthorAda LovelaceSource…'), but ends a sentence
       at a div. So each label and its value are a div of the list (which HTML allows; the
       theme lays them out as before) and the labels, words of the interface, are not
       indexed; nor are the kicker and the text's heading. -->
  <xsl:template match="dl[tokenize(@class) = 'meta']" mode="site:index">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="#current"/>
      <xsl:for-each-group select="*" group-starting-with="dt">
        <div>
          <xsl:apply-templates select="current-group()" mode="#current"/>
        </div>
      </xsl:for-each-group>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="dl[tokenize(@class) = 'meta']/dt | p[tokenize(@class) = 'kicker'] | h2[@id = 'text-h']" mode="site:index">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="#current"/>
      <xsl:attribute name="data-pagefind-ignore" select="''"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:copy>
  </xsl:template>

  <!-- The index lists the document's own entries; those of the shared register that it
       names are listed after them, each linked to its page. -->
  <xsl:template name="te:index-extra">
    <xsl:variable name="shared" select="(te:texts(/)//*[@ref] ! te:targets(.))[not(root(.) is $te:root)]/."/>
    <xsl:if test="exists($shared)">
      <section id="index-shared" class="register" aria-labelledby="index-shared-h">
        <h3 id="index-shared-h">{te:msg('doc.index-shared')}</h3>
        <ul class="entries">
          <xsl:for-each select="$shared">
            <xsl:sort select="te:sort-key(.)" lang="en"/>
            <li><a href="{te:entry-href(.)}">{if (self::tei:bibl or self::tei:biblStruct)
                then normalize-space((.//tei:title, .)[1]) else te:filing-name(.)}</a>
              <xsl:variable name="desc" select="te:entry-description(.)"/>
              <xsl:if test="$desc"><span class="entry-desc"> — {$desc}</span></xsl:if></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="site:prev-next">
    <xsl:if test="$site:doc/site:referred">
      <nav class="site-referred" aria-label="{te:msg('doc.linked-from-label')}" data-pagefind-ignore="all">
        <span>{te:msg('doc.linked-from')}</span>
        <xsl:for-each select="$site:doc/site:referred">
          <xsl:if test="position() gt 1">; </xsl:if>
          <a href="{$site-root}documents/{@href}">{@title}</a>
        </xsl:for-each>
      </nav>
    </xsl:if>
    <xsl:if test="$prev-href or $next-href">
      <nav class="site-prevnext" aria-label="{te:msg('nav.prev-next')}" data-pagefind-ignore="all">
        <xsl:if test="$prev-href">
          <a rel="prev" href="{$prev-href}"><span aria-hidden="true">← </span>{$prev-title}</a>
        </xsl:if>
        <xsl:if test="$next-href">
          <a rel="next" href="{$next-href}">{$next-title}<span aria-hidden="true"> →</span></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="te:cite-section">
        <section id="cite" aria-labelledby="cite-h" data-pagefind-ignore="all">
          <h2 id="cite-h" class="section-title">{te:msg('cite.heading')}</h2>
          <!-- the citation as tei-edition made it (site/cite.py: Chicago notes-bibliography),
               the edition's title in italics; the same in the citation files below -->
          <xsl:variable name="cite" select="$site:doc/site:citation"/>
          <p class="citation">
            <xsl:for-each select="$cite/site:part">
              <xsl:choose>
                <xsl:when test="@kind = 'edition'"><cite>{.}</cite></xsl:when>
                <xsl:when test="@kind = 'url' and te:safe-href(.)"><a href="{.}">{.}</a></xsl:when>
                <xsl:otherwise>{.}</xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
            <xsl:if test="empty($cite)">“{te:title(.)}.”<xsl:if test="$edition-title"><xsl:text> </xsl:text>{te:msg('cite.in')} <cite>{$edition-title}</cite>.</xsl:if><xsl:if
                test="site:stable-url()"><xsl:text> </xsl:text><a href="{$stable-url}">{$stable-url}</a></xsl:if></xsl:if>
          </p>
          <xsl:variable name="files" select="$site:doc/site:download[@format = ('bibtex', 'ris', 'csl-json')]"/>
          <xsl:if test="$tei-href or $pdf-href or $text-href or $files">
            <h3 class="site-downloads-h">{te:msg('cite.download')}</h3>
            <ul class="site-downloads">
              <xsl:if test="$tei-href"><li><a href="{$tei-href}" download="">TEI XML</a></li></xsl:if>
              <xsl:if test="$pdf-href"><li><a href="{$pdf-href}" download="">PDF</a></li></xsl:if>
              <xsl:if test="$text-href"><li><a href="{$text-href}" download="">{te:msg('cite.plain-text')}</a></li></xsl:if>
              <xsl:for-each select="$site:doc/site:download[@format = 'epub']/@href"><li><a href="{.}" download="">EPUB</a></li></xsl:for-each>
              <xsl:if test="$files">
                <li class="site-cite-files"><xsl:value-of select="te:msg('cite.files')"/>
                  <xsl:for-each select="$files">
                    <xsl:variable name="format" select="string(@format)"/>
                    <xsl:if test="position() gt 1">, </xsl:if>
                    <a href="{@href}" download="" type="{$site:citation-types($format)}">{$site:citation-names($format)}</a>
                  </xsl:for-each>
                </li>
              </xsl:if>
            </ul>
          </xsl:if>
        </section>
        <xsl:call-template name="site:prev-next"/>
  </xsl:template>

  <xsl:template name="te:footer">
    <footer class="colophon" data-pagefind-ignore="all">
      <xsl:variable name="licence" select="te:licence(.)"/>
      <xsl:if test="$licence">
        <div class="licence">
          <xsl:apply-templates select="$licence/node()"/>
        </div>
      </xsl:if>
      <xsl:call-template name="site:stamp"/>
    </footer>
  </xsl:template>

  <xsl:template name="site:stamp">
    <p class="site-stamp">
      <xsl:if test="$edition-title">{$edition-title}. </xsl:if>
      <xsl:if test="$stamp">{$stamp}. </xsl:if>
      <xsl:value-of select="te:msg(if ($remote-images) then 'footer.encoded-remote' else 'footer.encoded')"/>
      <xsl:text> </xsl:text><a href="{$site-root}accessibility.html">{te:msg('footer.accessibility')}</a>
      <xsl:text> · </xsl:text><a href="{$site-root}open-data.html">{te:msg('footer.opendata')}</a>
    </p>
    <xsl:if test="$forced">
      <p class="site-forced"><strong>{te:msg('footer.forced-title')}</strong><xsl:text> </xsl:text>{te:msg('footer.forced-text')}</p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="site:nav">
    <xsl:param name="current" as="xs:string" select="''"/>
    <nav class="site-nav" aria-label="{te:msg('nav.edition')}" data-pagefind-ignore="all">
      <a class="site-name" href="{$site-root}index.html">
        <xsl:choose>
          <xsl:when test="$theme-logo"><img class="site-logo" src="{$site-root}{$theme-logo}" alt="{($edition-short[.], $edition-title)[1]}"/></xsl:when>
          <xsl:otherwise>{($edition-short[.], $edition-title)[1]}</xsl:otherwise>
        </xsl:choose>
      </a>
      <ul>
        <xsl:variable name="pages" select="tokenize($edition-pages, '\n')[.] ! array { 'pages/' || substring-before(., '&#9;'), substring-after(., '&#9;') }"/>
        <xsl:for-each select="(['index', te:msg('nav.home')], ['chronology', te:msg('nav.chronology')], ['register/index', te:msg('nav.registers')], ['search', te:msg('nav.search')], $pages)">
          <li>
            <a href="{$site-root}{?1}.html">
              <xsl:if test="?1 = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              <xsl:value-of select="?2"/>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <!-- ================================================= the facsimile -->

  <!-- A document's page images (tei-edition build's <site:facsimile> in the page model:
       its pages with their IIIF image services or images, its zones in the images' pixels,
       and what each @facs token of the TEI points to). The page shows them beside the
       text: a plain image of the first page and a link to each page's image at its page
       break, which facsimile.js turns into a zoomable viewer (OpenSeadragon) that follows
       the reader; every element whose @facs points to a zone carries the zone's box. -->
  <xsl:variable name="site:facs" select="$site:doc/site:facsimile"/>
  <xsl:variable name="site:facs-pages" select="$site:facs/site:page[@kind = ('local', 'iiif', 'image')]"/>
  <xsl:variable name="site:viewer" as="xs:boolean" select="exists($site:facs-pages)"/>

  <!-- A message with {name} filled in. -->
  <xsl:function name="site:fill" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="slot" select="'{' || $name || '}'"/>
    <xsl:sequence select="if (contains($text, $slot))
        then substring-before($text, $slot) || $value || substring-after($text, $slot)
        else $text || ' ' || $value"/>
  </xsl:function>

  <!-- The model's references, zones and pages, by what names them. -->
  <xsl:key name="site:ref" match="site:facsimile/site:ref" use="@token"/>
  <xsl:key name="site:zone" match="site:facsimile/site:zone" use="@key"/>
  <xsl:key name="site:page" match="site:facsimile/site:page" use="@n"/>

  <xsl:function name="site:ref" as="element()?">
    <xsl:param name="token" as="xs:string"/>
    <xsl:sequence select="if ($site:document-model) then key('site:ref', $token, $site:document-model)[1] else ()"/>
  </xsl:function>

  <xsl:function name="site:page" as="element()?">
    <xsl:param name="n" as="xs:string?"/>
    <xsl:sequence select="if ($site:document-model and $n) then key('site:page', $n, $site:document-model)[1] else ()"/>
  </xsl:function>

  <!-- What an element's @facs points to: the model's site:ref of each token. -->
  <xsl:function name="site:facs-refs" as="element()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="for $t in tokenize($e/@facs) return site:ref($t)"/>
  </xsl:function>

  <!-- The key the build gives a surface or a zone without xml:id (its place in the
       document among its kind). -->
  <xsl:function name="site:facs-key" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string(($e/@xml:id, local-name($e) || '-' || (count($e/preceding::*[node-name() = node-name($e)])
        + count($e/ancestor::*[node-name() = node-name($e)]) + 1))[1])"/>
  </xsl:function>

  <!-- Where a page's image is for a reader without scripts. -->
  <xsl:function name="site:page-href" as="xs:string">
    <xsl:param name="page" as="element()"/>
    <xsl:sequence select="string(($page/@src, $page/@info, $page/@href)[te:safe-href(.) or not(contains(., ':'))][1])"/>
  </xsl:function>

  <xsl:function name="site:page-label" as="xs:string">
    <xsl:param name="page" as="element()"/>
    <xsl:sequence select="site:fill(te:msg('facs.page'), 'label', string($page/@label))"/>
  </xsl:function>

  <!-- A page break that points to a page image: the break, then a link to the image (the
       viewer turns to it as the reader scrolls past). -->
  <xsl:template match="tei:pb[@facs][$site:facs]" priority="3">
    <xsl:next-match/>
    <xsl:variable name="page" select="site:page(site:facs-refs(current())[@zone = ''][1]/@page)"/>
    <xsl:if test="$page and site:page-href($page)">
      <a class="facs-pb" href="{site:page-href($page)}" data-facs-break="{$page/@n}" data-pagefind-ignore="all">{
        site:fill(te:msg('facs.pb-link'), 'label', string($page/@label))}</a>
    </xsl:if>
  </xsl:template>

  <!-- A sourceDoc's surface: a page, which the viewer shows as the reader reaches it. -->
  <xsl:template match="tei:surface[ancestor::tei:sourceDoc][$site:facs]" priority="4">
    <xsl:variable name="page" select="site:page(site:ref('#' || site:facs-key(current()))/@page)"/>
    <xsl:variable name="made" as="node()*"><xsl:next-match/></xsl:variable>
    <xsl:for-each select="$made">
      <xsl:choose>
        <xsl:when test=". is ($made[self::element()])[1] and $page">
          <xsl:copy>
            <xsl:sequence select="@*"/>
            <xsl:attribute name="data-facs-break" select="$page/@n"/>
            <xsl:sequence select="node()"/>
          </xsl:copy>
        </xsl:when>
        <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- A line, block, word or zone whose @facs points to a zone (or a zone of a sourceDoc
       with its box): focusable, and carrying the zone's box, which the viewer outlines
       while it is hovered or focused. -->
  <xsl:template match="tei:*[@facs][not(self::tei:pb)][$site:facs]
      | tei:zone[ancestor::tei:sourceDoc][$site:facs]" priority="3">
    <xsl:variable name="ref" select="(if (self::tei:zone) then site:ref('#' || site:facs-key(current()))
        else site:facs-refs(.))[@zone != ''][1]"/>
    <xsl:variable name="zone" select="key('site:zone', string($ref/@zone), $site:document-model)[1]"/>
    <xsl:choose>
      <xsl:when test="empty($zone)">
        <xsl:next-match/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="made" as="node()*"><xsl:next-match/></xsl:variable>
        <xsl:for-each select="$made">
          <xsl:choose>
            <xsl:when test=". is ($made[self::element()])[1]">
              <xsl:copy>
                <xsl:sequence select="@*"/>
                <xsl:attribute name="data-facs-zone" select="$zone/@key"/>
                <xsl:attribute name="data-facs-on" select="$zone/@page"/>
                <xsl:attribute name="data-xywh" select="string-join($zone/(@x, @y, @w, @h), ',')"/>
                <xsl:if test="not(@tabindex) and not(self::a)">
                  <xsl:attribute name="tabindex" select="0"/>
                </xsl:if>
                <xsl:sequence select="node()"/>
              </xsl:copy>
            </xsl:when>
            <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The page with its images beside the text. -->
  <xsl:mode name="site:facs" on-no-match="shallow-copy"/>

  <xsl:template match="body" mode="site:facs">
    <xsl:copy>
      <xsl:sequence select="@* except @class"/>
      <xsl:attribute name="class" select="string-join((@class, 'has-facs'[$site:viewer]), ' ')"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="main" mode="site:facs">
    <xsl:copy>
      <xsl:sequence select="@*"/>
      <xsl:call-template name="site:facsimile"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="site:facsimile">
    <xsl:variable name="first" select="$site:facs-pages[1]"/>
    <section id="facs" class="facs" aria-labelledby="facs-h" data-pagefind-ignore="all">
      <h2 id="facs-h" class="section-title">{te:msg('facs.heading')}</h2>
      <xsl:if test="$site:viewer">
        <div class="facs-bar" role="toolbar" aria-label="{te:msg('facs.heading')}" aria-controls="facs-view" hidden="hidden">
          <button type="button" class="facs-prev">{te:msg('facs.previous')}</button>
          <button type="button" class="facs-next">{te:msg('facs.next')}</button>
          <button type="button" class="facs-in" aria-label="{te:msg('facs.zoom-in')}">+</button>
          <button type="button" class="facs-out" aria-label="{te:msg('facs.zoom-out')}">−</button>
          <button type="button" class="facs-home">{te:msg('facs.home')}</button>
        </div>
        <p class="facs-status" aria-live="polite" data-template="{te:msg('facs.status')}">{
          site:fill(site:fill(te:msg('facs.status'), 'label', string($first/@label)), 'count', string(count($site:facs-pages)))}</p>
        <div id="facs-view" class="facs-view" data-label="{te:msg('facs.viewer')}">
          <xsl:if test="$first/@src">
            <img class="facs-img" src="{$first/@src}" alt="{site:page-label($first)}">
              <xsl:if test="$first/@src-width">
                <xsl:attribute name="width" select="$first/@src-width"/>
                <xsl:attribute name="height" select="$first/@src-height"/>
              </xsl:if>
            </img>
          </xsl:if>
        </div>
        <ol class="facs-pages">
          <xsl:for-each select="$site:facs-pages">
            <li data-n="{@n}" data-label="{@label}" data-info="{@info}" data-src="{@src}"
                data-width="{@width}" data-height="{@height}">
              <xsl:choose>
                <xsl:when test="site:page-href(.)">
                  <a href="{site:page-href(.)}">{site:page-label(.)}</a>
                </xsl:when>
                <xsl:otherwise>{site:page-label(.)}</xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:if>
      <xsl:for-each select="$site:facs/site:remote-manifest[te:safe-href(@href)]">
        <p class="facs-remote"><a href="{@href}">{te:msg('facs.remote')}</a></p>
      </xsl:for-each>
      <xsl:if test="$site:facs/@manifest">
        <p class="facs-iiif">
          <a class="iiif-link" href="{$site:facs/@manifest}" type="application/ld+json"><span class="iiif-logo" aria-hidden="true">IIIF</span> {te:msg('facs.manifest')}</a>
        </p>
      </xsl:if>
    </section>
  </xsl:template>
  <!-- ================================================= the other pages -->

  <xsl:template match="document-node(element(site:page))" priority="2">
    <xsl:variable name="page" select="site:page"/>
    <html lang="{($page/site:edition/@lang[.], 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <xsl:call-template name="site:policy">
          <xsl:with-param name="search" select="$page/@type = 'search' and not($page/@index = 'none')"/>
        </xsl:call-template>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition"/>
        <title>{$page/@title}{if ($page/@type != 'home') then ' · ' || $edition-title else ''}</title>
        <xsl:call-template name="site:json-ld">
          <xsl:with-param name="data" select="site:page-json($page)"/>
        </xsl:call-template>
        <xsl:call-template name="te:page-style"/>
        <xsl:if test="$page/@type = 'search' and not($page/@index = 'none')">
          <link rel="stylesheet" href="{($page/site:bundle/@href, 'pagefind/')[1]}pagefind-ui.css"/>
        </xsl:if>
      </head>
      <body class="site-page site-{$page/@type}">
        <!-- an entry's page is indexed for search (its name, other forms and
             identification), as a result of its own type -->
        <xsl:if test="$page/@type = 'entry' and not($page/@index = 'none')">
          <xsl:attribute name="data-pagefind-body" select="''"/>
        </xsl:if>
        <a class="skip" href="#main" data-pagefind-ignore="">{te:msg('nav.skip')}</a>
        <xsl:call-template name="site:nav">
          <xsl:with-param name="current" select="string($page/@current)"/>
        </xsl:call-template>
        <xsl:if test="$page/site:crumb">
          <nav class="site-crumbs" aria-label="{te:msg('nav.breadcrumb')}" data-pagefind-ignore="all">
            <ol>
              <xsl:for-each select="$page/site:crumb">
                <li><a href="{@href}">{.}</a></li>
              </xsl:for-each>
              <li aria-current="page">{$page/@title}</li>
            </ol>
          </nav>
        </xsl:if>
        <header class="masthead">
          <xsl:if test="$page/@kicker"><p class="kicker" data-pagefind-ignore="">{$page/@kicker}</p></xsl:if>
          <h1>{$page/@title}</h1>
          <xsl:if test="$page/@type = 'entry'">
            <div hidden="hidden" data-pagefind-ignore="">
              <span data-pagefind-meta="title">{$page/@title}</span>
              <span data-pagefind-filter="{te:msg('search.filter.type')}">{site:filter-value(te:msg('search.type.entry'))}</span>
            </div>
          </xsl:if>
          <xsl:if test="$page/@type = 'home'">
            <xsl:variable name="editors" select="$page/site:edition/site:editor"/>
            <xsl:if test="$editors">
              <p class="subtitle">{te:msg('home.edited-by', map{'names': te:and-list($editors ! string(.))})}</p>
            </xsl:if>
          </xsl:if>
        </header>
        <main id="main" tabindex="-1">
          <xsl:apply-templates select="$page" mode="site:main"/>
        </main>
        <footer class="colophon" data-pagefind-ignore="all">
          <xsl:if test="$page/site:edition/@licence != ''">
            <p class="licence">{te:msg('footer.licence')}
              <xsl:choose>
                <xsl:when test="te:safe-href($page/site:edition/@licence-url)"><a href="{$page/site:edition/@licence-url}">{$page/site:edition/@licence}</a></xsl:when>
                <xsl:otherwise>{$page/site:edition/@licence}</xsl:otherwise>
              </xsl:choose>
              <!-- a sentence: its full stop, unless the licence ends in one -->
              <xsl:if test="not(matches(normalize-space($page/site:edition/@licence), '[.!?][)”’&quot;'']*$'))">.</xsl:if>
            </p>
          </xsl:if>
          <xsl:call-template name="site:stamp"/>
        </footer>
        <xsl:if test="$page/@type = 'home'">
          <script src="{$site-root}theme/home.js"></script>
        </xsl:if>
        <xsl:if test="$page/@type = 'search' and not($page/@index = 'none')">
          <script src="{($page/site:bundle/@href, 'pagefind/')[1]}pagefind-ui.js"></script>
          <script src="{$site-root}theme/search.js"></script>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <!-- The editor's Markdown (site/pages.py renders it with raw HTML disabled), its links
       kept only where they are safe (te:safe-href) or relative, its images only relative. -->
  <!-- The page's title is its h1: a Markdown page that opens with the same heading
       ('# About') is not given it twice, and where it has headings of the first level
       of its own, every heading goes down one level, under the page's. -->
  <xsl:template match="site:page[@type = 'page']" mode="site:main">
    <xsl:variable name="first" select="site:body/*[1][self::h1][normalize-space() = normalize-space(current()/@title)]"/>
    <div class="site-prose">
      <xsl:apply-templates select="site:body/node() except $first" mode="site:markdown">
        <xsl:with-param name="shift" tunnel="yes" select="exists(site:body//h1 except $first)"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template match="h1 | h2 | h3 | h4 | h5" mode="site:markdown">
    <xsl:param name="shift" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:element name="{if ($shift) then 'h' || (xs:integer(substring(local-name(), 2)) + 1) else local-name()}">
      <xsl:apply-templates select="@*, node()" mode="#current"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*" mode="site:markdown">
    <xsl:element name="{local-name()}">
      <xsl:apply-templates select="@*, node()" mode="#current"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="@*" mode="site:markdown">
    <xsl:attribute name="{local-name()}" select="."/>
  </xsl:template>

  <xsl:template match="a/@href" mode="site:markdown">
    <xsl:if test="te:safe-href(.) or matches(., '^[^:/?#\s&quot;&lt;&gt;]*([/?#][^\s&quot;&lt;&gt;]*)?$')">
      <xsl:attribute name="href" select="."/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="img/@src" mode="site:markdown">
    <xsl:if test="matches(., '^[^:/?#\s&quot;&lt;&gt;]*([/?#][^\s&quot;&lt;&gt;]*)?$')">
      <xsl:attribute name="src" select="."/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="site:page[@type = 'home']" mode="site:main">
    <xsl:if test="site:edition/site:intro[normalize-space()]">
      <section class="site-intro" aria-labelledby="intro-h">
        <h2 id="intro-h" class="section-title">{te:msg('home.about')}</h2>
        <xsl:apply-templates select="site:edition/site:intro/node()" mode="site:markdown"/>
      </section>
    </xsl:if>
    <!-- a plain form: it leads to search.html?q=WORD, which runs the search -->
    <xsl:if test="not(@index = 'none')">
      <form class="site-search-form" action="search.html" method="get" role="search">
        <label for="site-q">{te:msg('search.label')}</label>
        <xsl:text> </xsl:text>
        <input type="search" id="site-q" name="q"/>
        <xsl:text> </xsl:text>
        <button type="submit">{te:msg('search.button')}</button>
      </form>
    </xsl:if>
    <section aria-labelledby="docs-h">
      <h2 id="docs-h" class="section-title">{te:msg('home.documents', map{'n': string((@documents, count(site:doc))[1])})}</h2>
      <form id="doc-filter" class="site-filter" hidden="hidden" aria-label="{te:msg('search.filter')}">
        <label>{te:msg('home.kind')}
          <select name="kind">
            <option value="">{te:msg('home.all-kinds')}</option>
            <!-- one kind however its documents capitalize it ('Letter', 'letter') -->
            <xsl:for-each select="distinct-values(site:doc/@kind ! site:kind-form(., ..))">
              <xsl:sort select="lower-case(.)"/>
              <option value="{.}">{.}</option>
            </xsl:for-each>
          </select>
        </label>
        <label>{te:msg('home.year')}
          <select name="year">
            <option value="">{te:msg('home.all-years')}</option>
            <xsl:for-each select="distinct-values(site:doc/@year[. castable as xs:integer])">
              <xsl:sort select="xs:integer(.)"/>
              <option value="{.}">{site:year-label(.)}</option>
            </xsl:for-each>
          </select>
        </label>
        <!-- home.js says the count of the documents shown in the same words -->
        <output id="doc-count" aria-live="polite" data-one="{te:msg('home.count-one')}"
            data-many="{te:msg('home.count-many')}">{te:msg('home.count-many', map{'n': string(count(site:doc))})}</output>
      </form>
      <ol class="site-docs" id="doc-list">
        <xsl:apply-templates select="site:doc" mode="site:item"/>
      </ol>
      <xsl:apply-templates select="site:pager"/>
    </section>
  </xsl:template>

  <!-- A list that goes on over several pages (build.py, PAGE_SIZE): which page this is,
       links to the previous and next, the first, the last and those either side; plain
       links, which need no script. -->
  <xsl:template match="site:pager">
    <nav class="site-pager" aria-label="{te:msg('pager.label')}" data-pagefind-ignore="all">
      <p>{te:msg('pager.page', map{'n': string(@n), 'of': string(@of)})}</p>
      <ul>
        <xsl:if test="@prev">
          <li><a rel="prev" href="{@prev}"><span aria-hidden="true">← </span>{te:msg('pager.prev')}</a></li>
        </xsl:if>
        <xsl:for-each select="site:to">
          <xsl:if test="position() gt 1 and xs:integer(@n) gt xs:integer(preceding-sibling::site:to[1]/@n) + 1">
            <li aria-hidden="true">…</li>
          </xsl:if>
          <li>
            <xsl:choose>
              <xsl:when test="@n = ../@n"><a href="{@href}" aria-current="page">{@n}</a></xsl:when>
              <xsl:otherwise><a href="{@href}">{@n}</a></xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each>
        <xsl:if test="@next">
          <li><a rel="next" href="{@next}">{te:msg('pager.next')}<span aria-hidden="true"> →</span></a></li>
        </xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <!-- The order of a kind's entries (build.py cuts a long list into pages in it): their
       ids, sorted as the kind's page sorts them. -->
  <xsl:template match="document-node(element(site:page))[site:page/@type = 'order']" priority="3">
    <ol>
      <xsl:for-each select="site:page/site:entry">
        <xsl:sort select="site:sort-key(.)" lang="en"/>
        <xsl:sort select="string(@id)"/>
        <li>{@id}</li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template match="site:doc" mode="site:item">
    <li class="site-doc" data-kind="{site:kind-form(@kind, .)}" data-year="{@year}">
      <p class="site-doc-meta">
        <xsl:choose>
          <xsl:when test="matches(@date, '^[1-9]\d{3}')"><time datetime="{@date}">{site:date-label(.)}</time></xsl:when>
          <xsl:when test="@date != ''">{site:date-label(.)}</xsl:when>
          <!-- a date the header gives in words only ('s. XIII', '900-1100') -->
          <xsl:when test="normalize-space(@date-label)">{normalize-space(@date-label)}</xsl:when>
          <xsl:otherwise>{te:msg('date.undated')}</xsl:otherwise>
        </xsl:choose>
        <xsl:text> · </xsl:text><span class="site-kind">{@kind}</span>
      </p>
      <p class="site-doc-title"><a href="{@href}">{@title}</a></p>
      <xsl:if test="@summary != ''"><p class="site-doc-summary">{@summary}</p></xsl:if>
    </li>
  </xsl:template>

  <!-- The chronology: the events the documents date (every date of their texts, with
       its sentence and a link to its paragraph), then the documents by year. -->
  <xsl:template match="site:page[@type = 'chronology']" mode="site:main">
    <nav aria-label="{te:msg('chronology.sections')}" class="site-years">
      <ul>
        <xsl:if test="site:event"><li><a href="#events">{te:msg('chronology.events')}</a></li></xsl:if>
        <li><a href="#documents">{te:msg('chronology.by-date')}</a></li>
      </ul>
    </nav>
    <xsl:if test="site:event">
      <section id="events" aria-labelledby="events-h">
        <h2 id="events-h" class="section-title">{te:msg('chronology.events-n', map{'n': string((@events, count(site:event))[1])})}</h2>
        <p>{te:msg('chronology.intro')}</p>
        <xsl:for-each-group select="site:event" group-by="substring(@when, 1, 4)">
          <h3 id="e-{current-grouping-key()}">{current-grouping-key()}</h3>
          <ol class="site-events">
            <xsl:for-each select="current-group()">
              <li class="site-event">
                <p class="site-doc-meta"><time datetime="{@when}">{@label}</time>
                  <xsl:text> · </xsl:text><a href="{@href}">{@doc-title}</a><xsl:if
                    test="@where != ''">, {@where}</xsl:if></p>
                <p class="site-event-sentence">{@sentence}</p>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:for-each-group>
      </section>
    </xsl:if>
    <section id="documents" aria-labelledby="documents-h">
      <h2 id="documents-h" class="section-title">{te:msg('chronology.by-date')}</h2>
      <p>{te:msg(if (site:doc[@date = '']) then 'chronology.by-year-undated' else 'chronology.by-year')}</p>
      <nav aria-label="{te:msg('chronology.years')}" class="site-years">
        <ul>
          <xsl:choose>
            <!-- over several pages: every year, a link to the page where it begins -->
            <xsl:when test="site:year">
              <xsl:for-each select="site:year">
                <li><a href="{@href}">{site:year-label(@key)}</a></li>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
              <xsl:for-each-group select="site:doc" group-by="if (@year != '') then string(@year) else 'undated'">
                <li><a href="#y-{current-grouping-key()}">{site:year-label(current-grouping-key())}</a></li>
              </xsl:for-each-group>
            </xsl:otherwise>
          </xsl:choose>
        </ul>
      </nav>
      <xsl:for-each-group select="site:doc" group-by="if (@year != '') then string(@year) else 'undated'">
        <section id="y-{current-grouping-key()}" aria-labelledby="y-{current-grouping-key()}-h">
          <h3 id="y-{current-grouping-key()}-h">{site:year-label(current-grouping-key())}</h3>
          <ol class="site-docs">
            <xsl:apply-templates select="current-group()" mode="site:item"/>
          </ol>
        </section>
      </xsl:for-each-group>
    </section>
    <xsl:apply-templates select="site:pager"/>
  </xsl:template>

  <xsl:template match="site:page[@type = 'registers']" mode="site:main">
    <xsl:for-each-group select="site:entry" group-by="@kind">
      <section aria-labelledby="k-{current-grouping-key()}-h">
        <h2 id="k-{current-grouping-key()}-h" class="section-title">
          <a href="{site:kind-page(current-grouping-key())}">{site:kind-label(current-grouping-key())}</a> ({count(current-group())})</h2>
      </section>
    </xsl:for-each-group>
    <xsl:if test="empty(site:entry)"><p>{te:msg('registers.empty')}</p></xsl:if>
  </xsl:template>

  <!-- A kind of entry: sorted as every index sorts them (te:sort-key: persons by surname),
       persons under their filing name ('Stalin, Joseph'). -->
  <xsl:template match="site:page[@type = 'kind']" mode="site:main">
    <xsl:choose>
      <xsl:when test="site:entry">
        <ul class="site-entries">
          <xsl:for-each select="site:entry">
            <xsl:sort select="site:sort-key(.)" lang="en"/>
            <xsl:sort select="string(@id)"/>
            <li><a href="{@href}">{site:filed(.)}</a>
              <xsl:if test="@description != ''"><span class="entry-desc"> — {@description}</span></xsl:if>
              <span class="site-count"> ({te:msg(if (@count = '1') then 'registers.mentions-one' else 'registers.mentions-many', map{'n': string(@count)})})</span></li>
          </xsl:for-each>
        </ul>
        <xsl:apply-templates select="site:pager"/>
      </xsl:when>
      <xsl:otherwise><p>{te:msg('registers.no-entries')}</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An entry of a page model, by its TEI element (the model holds a copy of it). -->
  <xsl:function name="site:sort-key" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($e/tei:*[1] ! te:sort-key(.), lower-case($e/@name))[1]"/>
  </xsl:function>

  <xsl:function name="site:filed" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string(if ($e/@kind = 'person' and $e/tei:*) then te:filing-name($e/tei:*[1]) else $e/@name)"/>
  </xsl:function>

  <!-- An entry's page: its name, life dates, the other forms of its name (those the
       documents use first), how certain its identification is, and its mentions, one
       line per document: its title and the paragraphs (¶2, 3, 5–7), each a link to the
       first mention there; mentions the TEI marks uncertain (@cert) are said to be. The
       mentions of an entry named in many documents go on over pages (build.py, PAGE_SIZE
       documents each): the first is the entry's page, the others list mentions alone. -->
  <xsl:template match="site:page[@type = 'entry']" mode="site:main">
    <xsl:variable name="e" select="site:entry"/>
    <xsl:variable name="tei" select="$e/tei:*[1]"/>
    <xsl:variable name="life" select="$tei ! te:life-dates(.)"/>
    <xsl:variable name="cert" select="$tei ! te:entry-cert(.)"/>
    <!-- indexed for search as text: each label and its value a div (Pagefind ends a
         sentence there, and runs a dd into the next), the labels, the name (the page's
         title, indexed as its heading) and the identifier not indexed:
         'Charles Babbage. Babbage; you. Mathematician and …' -->
    <xsl:if test="xs:integer((site:pager/@n, 1)[1]) = 1">
    <section class="site-entry" aria-labelledby="id-h">
      <h2 id="id-h" class="section-title" data-pagefind-ignore="">{te:msg('entry.identification')}</h2>
      <dl class="meta">
        <div data-pagefind-ignore="all"><dt>{te:msg('entry.name')}</dt><dd>{$e/@name}</dd></div>
        <xsl:if test="$life[.]">
          <div><dt data-pagefind-ignore="">{te:msg('entry.life')}</dt><dd class="site-life">{$life}</dd></div>
        </xsl:if>
        <xsl:if test="$e/site:form">
          <div><dt data-pagefind-ignore="">{te:msg('entry.also')}</dt><dd class="site-forms">{string-join($e/site:form, '; ')}</dd></div>
        </xsl:if>
        <xsl:if test="$e/@description != ''">
          <div><dt data-pagefind-ignore="">{te:msg('entry.about')}</dt><dd>{$e/@description}</dd></div>
        </xsl:if>
        <xsl:if test="$cert[.]">
          <div><dt data-pagefind-ignore="">{te:msg('entry.certainty')}</dt><dd class="site-cert">{site:uncertain($cert)}</dd></div>
        </xsl:if>
        <xsl:for-each select="$e/site:authority">
          <div data-pagefind-ignore="all"><dt>{@type}</dt><dd><xsl:choose>
            <xsl:when test="te:safe-href(@href)"><a href="{@href}">{@href}</a></xsl:when>
            <xsl:otherwise>{@href}</xsl:otherwise></xsl:choose></dd></div>
        </xsl:for-each>
        <div data-pagefind-ignore="all"><dt>{te:msg('entry.identifier')}</dt><dd><code>{$e/@id}</code></dd></div>
      </dl>
    </section>
    </xsl:if>
    <section aria-labelledby="mentions-h" data-pagefind-ignore="all">
      <h2 id="mentions-h" class="section-title">{te:msg('entry.mentions', map{'n': string(($e/@mentions, count($e/site:mention))[1])})}</h2>
      <xsl:choose>
        <xsl:when test="$e/site:mention">
          <ul class="site-mentions">
            <xsl:for-each-group select="$e/site:mention" group-by="@doc-href">
              <li class="site-mention-doc">
                <a href="{current-grouping-key()}">{current-group()[1]/@doc-title}</a>
                <xsl:variable name="dated" select="site:date-label(current-group()[1])"/>
                <xsl:if test="$dated != ''">
                  <span class="site-doc-meta"> ({$dated})</span>
                </xsl:if>
                <xsl:text>: </xsl:text>
                <xsl:call-template name="site:where-list">
                  <xsl:with-param name="mentions" select="current-group()"/>
                </xsl:call-template>
                <xsl:for-each select="current-group()[@cert = ('medium', 'low', 'unknown')]">
                  <span class="site-cert"> — {te:msg('tip.quoted', map{'words': string(@words)})}{@where[. != ''] ! (', ' || (if (starts-with(., '¶')) then . else site:where(.)))}: {site:uncertain(@cert)}</span>
                </xsl:for-each>
              </li>
            </xsl:for-each-group>
          </ul>
          <xsl:apply-templates select="site:pager"/>
        </xsl:when>
        <xsl:otherwise><p>{te:msg('entry.no-mentions')}</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- Where in one document an entry is named: '¶2, 3, 5–7', each number (a range by its
       first and last) a link to the first mention in that paragraph; then headings, the
       notes and the rest of the text ('note (2)'). -->
  <xsl:template name="site:where-list">
    <xsl:param name="mentions" as="element(site:mention)*"/>
    <xsl:variable name="firsts" as="element(site:mention)*">
      <xsl:for-each-group select="$mentions[starts-with(@where, '¶')]" group-by="@where">
        <xsl:sort select="xs:integer(substring(@where, 2))"/>
        <xsl:sequence select="current-group()[1]"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="exists($firsts)">
      <!-- each run of paragraphs one after another by its first and last -->
      <span class="site-paras">¶<xsl:for-each-group select="$firsts" group-adjacent="xs:integer(substring(@where, 2)) - position()">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:for-each select="current-group()[1], current-group()[last()][count(current-group()) gt 1]">
          <xsl:if test="position() gt 1">–</xsl:if>
          <a class="site-mention" href="{@href}" title="{te:msg('entry.mention-title', map{'words': string(@words), 'where': site:where(@where)})}">{substring(@where, 2)}</a>
        </xsl:for-each>
      </xsl:for-each-group></span>
    </xsl:if>
    <xsl:for-each-group select="$mentions[not(starts-with(@where, '¶'))]" group-by="(@where[. != ''], 'elsewhere')[1]">
      <xsl:if test="exists($firsts) or position() gt 1">; </xsl:if>
      <a class="site-mention" href="{@href}" title="{@words}">{site:where(current-grouping-key())}</a>
      <xsl:if test="count(current-group()) gt 1"> ({count(current-group())})</xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="site:page[@type = 'search'][@index = 'none']" mode="site:main" priority="2">
    <p class="site-note">{te:msg('search.no-index')}<xsl:text> </xsl:text><xsl:call-template name="site:rich">
        <xsl:with-param name="key" select="'search.lead'"/>
      </xsl:call-template></p>
  </xsl:template>

  <xsl:template match="site:page[@type = 'search']" mode="site:main">
    <p id="serve-note" class="site-note"><xsl:call-template name="site:rich">
        <xsl:with-param name="key" select="'search.serve-note'"/>
      </xsl:call-template></p>
    <!-- an index cut into shards (search.py): the bundles search.js merges (mergeIndex) -->
    <div id="search">
      <xsl:if test="site:bundle">
        <xsl:attribute name="data-bundles" select="string-join(site:bundle/@href, ' ')"/>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- The accessibility statement: what is tested and how (site/accessibility.py), no more. -->
  <xsl:template match="site:page[@type = 'accessibility']" mode="site:main">
    <p>{te:msg('a11y.intro')}</p>
    <h2 class="section-title">{te:msg('a11y.automatic')}</h2>
    <xsl:variable name="version" as="text()">{site:axe/@version}</xsl:variable>
    <xsl:variable name="browser" as="text()">{te:msg('a11y.browser')}</xsl:variable>
    <xsl:variable name="tags" as="node()*">
      <xsl:for-each select="site:tag"><code>{.}</code><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
    </xsl:variable>
    <p><xsl:call-template name="site:rich">
        <xsl:with-param name="key" select="'a11y.axe'"/>
        <xsl:with-param name="with" select="map{'version': $version, 'browser': $browser, 'tags': $tags}"/>
      </xsl:call-template></p>
    <ul>
      <xsl:for-each select="site:kind"><li>{.}</li></xsl:for-each>
    </ul>
    <h2 class="section-title">{te:msg('a11y.keyboard')}</h2>
    <p>{te:msg('a11y.keyboard-intro')}</p>
    <ul>
      <xsl:for-each select="site:key"><li>{.}.</li></xsl:for-each>
    </ul>
  </xsl:template>

  <!-- An interface string holding markup: each {name} of the message is the node given
       as $with('name'), else the link or code the site's notes name. -->
  <xsl:template name="site:rich">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="with" as="map(xs:string, node()*)" select="map{}"/>
    <xsl:variable name="chronology" as="element()"><a href="{$site-root}chronology.html">{te:msg('search.chronology-link')}</a></xsl:variable>
    <xsl:variable name="registers" as="element()"><a href="{$site-root}register/index.html">{te:msg('search.registers-link')}</a></xsl:variable>
    <xsl:variable name="command" as="element()"><code>tei-edition serve FOLDER</code></xsl:variable>
    <xsl:variable name="links" as="map(xs:string, node()*)"
        select="map{'chronology': $chronology, 'registers': $registers, 'command': $command}"/>
    <xsl:analyze-string select="te:msg($key)" regex="\{{([a-zA-Z-]+)\}}">
      <xsl:matching-substring>
        <xsl:sequence select="($with(regex-group(1)), $links(regex-group(1)))"/>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:value-of select="."/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

  <!-- Where in a document a mention is, as words: '¶2' as it is, 'note', 'heading'. -->
  <xsl:function name="site:where" as="xs:string" cache="yes">
    <xsl:param name="where" as="xs:string"/>
    <xsl:sequence select="if ($where = 'note') then te:msg('where.note-any')
        else if ($where = ('heading', 'elsewhere')) then te:msg('where.' || $where)
        else if (starts-with($where, '¶')) then te:msg('where.paragraph', map{'n': substring($where, 2)})
        else $where"/>
  </xsl:function>

  <!-- 'identification uncertain (medium)'. -->
  <xsl:function name="site:uncertain" as="xs:string">
    <xsl:param name="cert" as="xs:string"/>
    <xsl:sequence select="te:msg('entry.uncertain', map{'cert':
        if ($cert = ('medium', 'low', 'unknown')) then te:msg('cert.' || $cert) else $cert})"/>
  </xsl:function>

  <xsl:function name="site:year-label" as="xs:string">
    <xsl:param name="year" as="xs:string"/>
    <xsl:sequence select="if ($year = 'undated') then te:msg('doc.undated') else te:date-one($year)"/>
  </xsl:function>

  <!-- A kind as the filter of a list of documents gives it: of the forms its documents give
       it in ('Letter', 'letter'), the first in code point order. -->
  <xsl:function name="site:kind-form" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="(sort(distinct-values(root($doc)//site:doc/@kind[lower-case(.) = lower-case($kind)])), $kind)[1]"/>
  </xsl:function>

  <xsl:function name="site:kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="te:msg('kind.' || (if ($kind = ('person', 'place', 'org')) then $kind else 'bibl'))"/>
  </xsl:function>

  <xsl:function name="site:kind-page" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(if ($kind = 'person') then 'persons' else if ($kind = 'place') then 'places'
        else if ($kind = 'org') then 'organisations' else 'bibliography') || '.html'"/>
  </xsl:function>

  <!-- ================================================= open data -->

  <!-- What the site offers harvesters (site/harvest.py): each file the build wrote, with
       what it is for, in the order the build lists them. -->
  <xsl:template match="site:page[@type = 'open-data']" mode="site:main">
    <div class="site-prose">
      <p>{te:msg('opendata.intro')}</p>
      <dl class="open-data">
        <xsl:for-each select="site:door">
          <dt><a href="{@href}">{te:msg('door.' || @name)}</a><xsl:text> </xsl:text><code>{@href}</code></dt>
          <dd>{te:msg('door.' || @name || '.what')}</dd>
        </xsl:for-each>
      </dl>
      <p>{te:msg('opendata.jsonld')}</p>
    </div>
  </xsl:template>

  <!-- ================================================= schema.org (JSON-LD) -->

  <!-- A page's description in schema.org terms, as data for search engines (a script of
       type application/ld+json is never run, and the pages' policy allows it). Its JSON is
       made by xml-to-json from the XPath representation, keys in the order written here;
       a "<" is written as \u003c, so that nothing in it can end the script element. -->
  <xsl:template name="site:json-ld">
    <xsl:param name="data" as="element(j:map)?"/>
    <xsl:if test="$data">
      <script type="application/ld+json">{replace(xml-to-json($data), '&lt;', '\\u003c')}</script>
    </xsl:if>
  </xsl:template>

  <xsl:function name="site:json-string" as="element(j:string)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:if test="normalize-space($value)">
      <j:string key="{$key}">{normalize-space($value)}</j:string>
    </xsl:if>
  </xsl:function>

  <!-- Named things ({"name": …}), typed only where the source tells the type. -->
  <xsl:function name="site:json-names" as="element(j:array)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="names" as="xs:string*"/>
    <xsl:param name="type" as="xs:string?"/>
    <xsl:if test="exists($names[normalize-space(.)])">
      <j:array key="{$key}">
        <xsl:for-each select="$names[normalize-space(.)]">
          <j:map>
            <xsl:sequence select="site:json-string('@type', $type)"/>
            <j:string key="name">{normalize-space(.)}</j:string>
          </j:map>
        </xsl:for-each>
      </j:array>
    </xsl:if>
  </xsl:function>

  <!-- The edition as a whole: a Book, as the citations make it (the container of each
       document's citation). -->
  <xsl:function name="site:json-edition" as="element(j:map)">
    <xsl:param name="key" as="xs:string?"/>
    <xsl:param name="edition" as="element(site:edition)?"/>
    <j:map>
      <xsl:if test="$key"><xsl:attribute name="key" select="$key"/></xsl:if>
      <j:string key="@type">Book</j:string>
      <j:string key="name">{$edition-title}</j:string>
      <xsl:sequence select="site:json-names('editor', tokenize($edition-editors, '\|'), ())"/>
      <xsl:if test="normalize-space($edition-publisher)">
        <j:map key="publisher"><j:string key="name">{normalize-space($edition-publisher)}</j:string></j:map>
      </xsl:if>
      <xsl:if test="$edition">
        <xsl:sequence select="site:json-string('datePublished', $edition/@date[matches(., '^\d{4}')])"/>
        <xsl:sequence select="site:json-string('inLanguage', $edition/@lang)"/>
        <xsl:sequence select="site:json-string('version', $edition/@version)"/>
        <xsl:sequence select="site:json-string('license', $edition/@licence-url[te:safe-href(.)])"/>
        <xsl:sequence select="site:json-string('url', $edition/@url[te:safe-href(.)])"/>
      </xsl:if>
    </j:map>
  </xsl:function>

  <!-- A document's page: what its citation_* tags say (title, authors, the edition's date
       and publisher, the stable address where there is one), its kind and own date; a
       letter (a correspDesc in its header) is a Message, with its sender and recipients. -->
  <xsl:function name="site:document-json" as="element(j:map)">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="cite" as="element(site:citation)"/>
    <xsl:variable name="corresp" select="(root($doc)//tei:teiHeader/tei:profileDesc/tei:correspDesc)[1]"/>
    <xsl:variable name="names" select="'persName', 'orgName', 'name'"/>
    <j:map>
      <j:string key="@context">https://schema.org</j:string>
      <j:string key="@type">{if ($corresp) then 'Message' else 'CreativeWork'}</j:string>
      <xsl:sequence select="site:json-string('name', $cite/@title)"/>
      <xsl:sequence select="site:json-names('author', $cite/site:author ! string(.), ())"/>
      <xsl:sequence select="site:json-string('genre', $doc-kind)"/>
      <xsl:sequence select="site:json-string('dateCreated', $doc-date[matches(., '^\d{4}(-\d{2}){0,2}$')])"/>
      <xsl:sequence select="site:json-string('datePublished', $cite/@date[matches(., '^\d{4}')])"/>
      <xsl:if test="normalize-space($cite/@publisher)">
        <j:map key="publisher"><j:string key="name">{normalize-space($cite/@publisher)}</j:string></j:map>
      </xsl:if>
      <xsl:sequence select="site:json-string('inLanguage', root($doc)/tei:TEI/@xml:lang)"/>
      <xsl:if test="$corresp">
        <xsl:sequence select="site:json-names('sender',
            $corresp/tei:correspAction[@type = 'sent']/*[local-name() = $names] ! normalize-space(.), ())"/>
        <xsl:sequence select="site:json-names('recipient',
            $corresp/tei:correspAction[@type = 'received']/*[local-name() = $names] ! normalize-space(.), ())"/>
        <xsl:sequence select="site:json-string('dateSent',
            ($corresp/tei:correspAction[@type = 'sent']/tei:date/@when[matches(., '^\d{4}(-\d{2}){0,2}$')])[1])"/>
      </xsl:if>
      <xsl:if test="site:stable-url()">
        <xsl:sequence select="site:json-string('url', ($cite/@url[te:safe-href(.)], site:stable-url())[1])"/>
      </xsl:if>
      <xsl:sequence select="site:json-edition('isPartOf', ())"/>
    </j:map>
  </xsl:function>

  <!-- Every other page: the home page is the edition (a Book); an entry's page the person,
       place, organisation or work it describes, with its authority records (sameAs); the
       others web pages of the edition. -->
  <xsl:function name="site:page-json" as="element(j:map)">
    <xsl:param name="page" as="element(site:page)"/>
    <xsl:variable name="url" select="$page/@url[te:safe-href(.)]"/>
    <xsl:choose>
      <xsl:when test="$page/@type = 'home'">
        <xsl:variable name="book" select="site:json-edition((), $page/site:edition)"/>
        <j:map>
          <j:string key="@context">https://schema.org</j:string>
          <xsl:sequence select="$book/*"/>
        </j:map>
      </xsl:when>
      <xsl:when test="$page/@type = 'entry'">
        <xsl:variable name="e" select="$page/site:entry"/>
        <j:map>
          <j:string key="@context">https://schema.org</j:string>
          <j:string key="@type"><xsl:value-of select="if ($e/@kind = 'person') then 'Person' else if ($e/@kind = 'place') then 'Place' else if ($e/@kind = 'org') then 'Organization' else 'CreativeWork'"/></j:string>
          <xsl:sequence select="site:json-string('name', $e/@name)"/>
          <xsl:if test="$e/site:form">
            <j:array key="alternateName">
              <xsl:for-each select="$e/site:form"><j:string>{normalize-space(.)}</j:string></xsl:for-each>
            </j:array>
          </xsl:if>
          <xsl:sequence select="site:json-string('description', $e/@description)"/>
          <xsl:variable name="same" select="distinct-values($e/site:authority/@href[te:safe-href(.)] ! string(.))"/>
          <xsl:if test="exists($same)">
            <j:array key="sameAs">
              <xsl:for-each select="$same"><j:string>{.}</j:string></xsl:for-each>
            </j:array>
          </xsl:if>
          <xsl:sequence select="site:json-string('url', $url)"/>
          <j:map key="subjectOf">
            <j:string key="@type">WebPage</j:string>
            <xsl:sequence select="site:json-string('url', $url)"/>
            <xsl:sequence select="site:json-edition('isPartOf', ())"/>
          </j:map>
        </j:map>
      </xsl:when>
      <xsl:otherwise>
        <j:map>
          <j:string key="@context">https://schema.org</j:string>
          <j:string key="@type">WebPage</j:string>
          <xsl:sequence select="site:json-string('name', $page/@title)"/>
          <xsl:sequence select="site:json-string('inLanguage', $page/site:edition/@lang)"/>
          <xsl:sequence select="site:json-string('url', $url)"/>
          <xsl:sequence select="site:json-edition('isPartOf', ())"/>
        </j:map>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>
</xsl:stylesheet>
