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
    <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src 'self'{$wasm}; style-src 'self'{$images}; object-src 'none'; base-uri 'none'; form-action 'self'"/>
  </xsl:template>

  <xsl:template name="te:page-style">
    <link rel="stylesheet" href="{$site-root}theme/edition.css"/>
    <link rel="stylesheet" href="{$site-root}theme/site.css"/>
    <xsl:for-each select="tokenize($theme-styles)">
      <link rel="stylesheet" href="{$site-root}{.}"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="te:page-script">
    <script src="{$site-root}theme/edition.js"></script>
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
          <span data-pagefind-filter="type">document</span>
          <span data-pagefind-filter="language">{site:filter-value(site:text-language(.))}</span>
          <span data-pagefind-filter="kind">{site:filter-value($doc-kind)}</span>
          <xsl:if test="matches($doc-date, '^\d{4}')">
            <span data-pagefind-filter="year">{site:filter-value(substring($doc-date, 1, 4))}</span>
            <span data-pagefind-meta="date">{$doc-date-label}</span>
            <span data-pagefind-sort="date">{$doc-date}</span>
          </xsl:if>
          <xsl:for-each select="$site:doc/site:person[normalize-space()]">
            <span data-pagefind-filter="person">{site:filter-value(.)}</span>
          </xsl:for-each>
          <xsl:for-each select="$site:doc/site:place[normalize-space()]">
            <span data-pagefind-filter="place">{site:filter-value(.)}</span>
          </xsl:for-each>
        </div>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- What Pagefind indexes of a document page: the text as the page shows it. Both
       readings are in the page (html.xsl: te-n and te-d, one hidden by CSS); the one not
       shown, the key ("How to read this edition"), the editorial principles, the
       navigation and the marks of page and section breaks are left out of the index
       (data-pagefind-ignore), so that a result's excerpt reads as the text reads. The body
       is marked data-pagefind-body: Pagefind then indexes only the pages so marked (the
       document pages and the register entries' pages). -->
  <xsl:template match="/" priority="1">
    <xsl:choose>
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

  <xsl:template match="*[tokenize(@class) = ($site:hidden-reading, 'key', 'te-mark', 'te-pb', 'skip')]
      | section[@id = 'principles'] | nav | noscript" mode="site:index">
    <xsl:copy>
      <xsl:apply-templates select="@* except @data-pagefind-ignore" mode="#current"/>
      <xsl:attribute name="data-pagefind-ignore" select="'all'"/>
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
            <xsl:if test="empty($cite)">“{te:title(.)}.”<xsl:if test="$edition-title"> In <cite>{$edition-title}</cite>.</xsl:if><xsl:if
                test="site:stable-url()"><xsl:text> </xsl:text><a href="{$stable-url}">{$stable-url}</a></xsl:if></xsl:if>
          </p>
          <xsl:variable name="files" select="$site:doc/site:download[@format = ('bibtex', 'ris', 'csl-json')]"/>
          <xsl:if test="$tei-href or $pdf-href or $text-href or $files">
            <h3 class="site-downloads-h">{te:msg('cite.download')}</h3>
            <ul class="site-downloads">
              <xsl:if test="$tei-href"><li><a href="{$tei-href}" download="">TEI XML</a></li></xsl:if>
              <xsl:if test="$pdf-href"><li><a href="{$pdf-href}" download="">PDF</a></li></xsl:if>
              <xsl:if test="$text-href"><li><a href="{$text-href}" download="">{te:msg('cite.plain-text')}</a></li></xsl:if>
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
      <xsl:value-of select="te:msg('footer.encoded')"/>
      <xsl:text> </xsl:text><a href="{$site-root}accessibility.html">{te:msg('footer.accessibility')}</a>
    </p>
    <xsl:if test="$forced">
      <p class="site-forced"><strong>This build was forced:</strong> it was published although the
        edition did not validate (the build listed the problems).</p>
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
        <xsl:call-template name="te:page-style"/>
        <xsl:if test="$page/@type = 'search' and not($page/@index = 'none')">
          <link rel="stylesheet" href="pagefind/pagefind-ui.css"/>
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
              <span data-pagefind-filter="type">register entry</span>
            </div>
          </xsl:if>
          <xsl:if test="$page/@type = 'home'">
            <xsl:variable name="editors" select="$page/site:edition/site:editor"/>
            <xsl:if test="$editors">
              <p class="subtitle">Edited by {te:and-list($editors ! string(.))}</p>
            </xsl:if>
          </xsl:if>
        </header>
        <main id="main" tabindex="-1">
          <xsl:apply-templates select="$page" mode="site:main"/>
        </main>
        <footer class="colophon" data-pagefind-ignore="all">
          <xsl:if test="$page/site:edition/@licence != ''">
            <p class="licence">Licence:
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
          <script src="pagefind/pagefind-ui.js"></script>
          <script src="{$site-root}theme/search.js"></script>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <!-- The editor's Markdown (site/pages.py renders it with raw HTML disabled), its links
       kept only where they are safe (te:safe-href) or relative, its images only relative. -->
  <xsl:template match="site:page[@type = 'page']" mode="site:main">
    <div class="site-prose">
      <xsl:apply-templates select="site:body/node()" mode="site:markdown"/>
    </div>
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
      <h2 id="docs-h" class="section-title">The documents ({count(site:doc)})</h2>
      <form id="doc-filter" class="site-filter" hidden="hidden" aria-label="{te:msg('search.filter')}">
        <label>Kind
          <select name="kind">
            <option value="">all kinds</option>
            <xsl:for-each select="distinct-values(site:doc/@kind)">
              <xsl:sort select="lower-case(.)"/>
              <option value="{.}">{.}</option>
            </xsl:for-each>
          </select>
        </label>
        <label>Year
          <select name="year">
            <option value="">all years</option>
            <xsl:for-each select="distinct-values(site:doc/@year[. != ''])">
              <xsl:sort select="."/>
              <option value="{.}">{.}</option>
            </xsl:for-each>
          </select>
        </label>
        <output id="doc-count" aria-live="polite">{count(site:doc)} documents</output>
      </form>
      <ol class="site-docs" id="doc-list">
        <xsl:apply-templates select="site:doc" mode="site:item"/>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="site:doc" mode="site:item">
    <li class="site-doc" data-kind="{@kind}" data-year="{@year}">
      <p class="site-doc-meta">
        <xsl:choose>
          <xsl:when test="matches(@date, '^[1-9]\d{3}')"><time datetime="{@date}">{site:date-label(.)}</time></xsl:when>
          <xsl:when test="@date != ''">{site:date-label(.)}</xsl:when>
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
        <h2 id="events-h" class="section-title">Events ({count(site:event)})</h2>
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
      <p>The documents of the edition by year{if (site:doc[@date = '']) then '; undated ones last' else ''}.</p>
      <nav aria-label="{te:msg('chronology.years')}" class="site-years">
        <ul>
          <xsl:for-each-group select="site:doc" group-by="if (@year != '') then string(@year) else 'undated'">
            <li><a href="#y-{current-grouping-key()}">{if (current-grouping-key() = 'undated') then te:msg('date.undated') else te:date-one(current-grouping-key())}</a></li>
          </xsl:for-each-group>
        </ul>
      </nav>
      <xsl:for-each-group select="site:doc" group-by="if (@year != '') then string(@year) else 'undated'">
        <section id="y-{current-grouping-key()}" aria-labelledby="y-{current-grouping-key()}-h">
          <h3 id="y-{current-grouping-key()}-h">{if (current-grouping-key() = 'undated') then te:msg('date.undated') else te:date-one(current-grouping-key())}</h3>
          <ol class="site-docs">
            <xsl:apply-templates select="current-group()" mode="site:item"/>
          </ol>
        </section>
      </xsl:for-each-group>
    </section>
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
              <span class="site-count"> ({@count} {if (@count = '1') then 'mention' else 'mentions'})</span></li>
          </xsl:for-each>
        </ul>
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
       first mention there; mentions the TEI marks uncertain (@cert) are said to be. -->
  <xsl:template match="site:page[@type = 'entry']" mode="site:main">
    <xsl:variable name="e" select="site:entry"/>
    <xsl:variable name="tei" select="$e/tei:*[1]"/>
    <xsl:variable name="life" select="$tei ! te:life-dates(.)"/>
    <xsl:variable name="cert" select="$tei ! te:entry-cert(.)"/>
    <section class="site-entry" aria-labelledby="id-h">
      <h2 id="id-h" class="section-title">{te:msg('entry.identification')}</h2>
      <dl class="meta">
        <dt>{te:msg('entry.name')}</dt><dd>{$e/@name}</dd>
        <xsl:if test="$life[.]">
          <dt>{te:msg('entry.life')}</dt><dd class="site-life">{$life}</dd>
        </xsl:if>
        <xsl:if test="$e/site:form">
          <dt>{te:msg('entry.also')}</dt><dd class="site-forms">{string-join($e/site:form, '; ')}</dd>
        </xsl:if>
        <xsl:if test="$e/@description != ''">
          <dt>{te:msg('entry.about')}</dt><dd>{$e/@description}</dd>
        </xsl:if>
        <xsl:if test="$cert[.]">
          <dt>{te:msg('entry.certainty')}</dt><dd class="site-cert">identification uncertain ({$cert})</dd>
        </xsl:if>
        <xsl:for-each select="$e/site:authority">
          <dt>{@type}</dt><dd><xsl:choose>
            <xsl:when test="te:safe-href(@href)"><a href="{@href}">{@href}</a></xsl:when>
            <xsl:otherwise>{@href}</xsl:otherwise></xsl:choose></dd>
        </xsl:for-each>
        <dt>{te:msg('entry.identifier')}</dt><dd><code>{$e/@id}</code></dd>
      </dl>
    </section>
    <section aria-labelledby="mentions-h" data-pagefind-ignore="all">
      <h2 id="mentions-h" class="section-title">Mentions ({count($e/site:mention)})</h2>
      <xsl:choose>
        <xsl:when test="$e/site:mention">
          <ul class="site-mentions">
            <xsl:for-each-group select="$e/site:mention" group-by="@doc-href">
              <li class="site-mention-doc">
                <a href="{current-grouping-key()}">{current-group()[1]/@doc-title}</a>
                <xsl:if test="site:date-label(current-group()[1]) != ''">
                  <span class="site-doc-meta"> ({site:date-label(current-group()[1])})</span>
                </xsl:if>
                <xsl:text>: </xsl:text>
                <xsl:call-template name="site:where-list">
                  <xsl:with-param name="mentions" select="current-group()"/>
                </xsl:call-template>
                <xsl:for-each select="current-group()[@cert = ('medium', 'low', 'unknown')]">
                  <span class="site-cert"> — “{@words}”{@where[. != ''] ! (', ' || .)}: identification uncertain ({@cert})</span>
                </xsl:for-each>
              </li>
            </xsl:for-each-group>
          </ul>
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
    <xsl:variable name="runs" as="element()*">
      <xsl:for-each-group select="$firsts" group-adjacent="xs:integer(substring(@where, 2)) - position()">
        <run>
          <xsl:sequence select="current-group()[1], current-group()[last()][count(current-group()) gt 1]"/>
        </run>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="exists($runs)">
      <span class="site-paras">¶<xsl:for-each select="$runs">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:for-each select="*">
          <xsl:if test="position() gt 1">–</xsl:if>
          <a class="site-mention" href="{@href}" title="{@words}, paragraph {substring(@where, 2)}">{substring(@where, 2)}</a>
        </xsl:for-each>
      </xsl:for-each></span>
    </xsl:if>
    <xsl:for-each-group select="$mentions[not(starts-with(@where, '¶'))]" group-by="(@where[. != ''], 'elsewhere')[1]">
      <xsl:if test="exists($runs) or position() gt 1">; </xsl:if>
      <a class="site-mention" href="{@href}" title="{@words}">{current-grouping-key()}</a>
      <xsl:if test="count(current-group()) gt 1"> ({count(current-group())})</xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="site:page[@type = 'search'][@index = 'none']" mode="site:main" priority="2">
    <p class="site-note">This build of the site has no search index. The
      <a href="chronology.html">chronology</a> and the <a href="register/index.html">registers</a>
      lead to every document.</p>
  </xsl:template>

  <xsl:template match="site:page[@type = 'search']" mode="site:main">
    <p id="serve-note" class="site-note">Search needs the site to be served over HTTP (it does not
      run from a file opened on disk). Preview it with <code>tei-edition serve FOLDER</code>, FOLDER being the folder
      this page is in, and open the address it prints, or put the folder on any static web host. Everything else works
      from disk: the <a href="chronology.html">chronology</a> and the <a href="register/index.html">registers</a>.</p>
    <div id="search"></div>
  </xsl:template>

  <!-- The accessibility statement: what is tested and how (site/accessibility.py), no more. -->
  <xsl:template match="site:page[@type = 'accessibility']" mode="site:main">
    <p>This site is tested for accessibility automatically, each time tei-edition is tested,
      on a sample edition's site built as this one is. What the tests check is all this page
      claims; they do not replace a review by people who read with assistive technology.</p>
    <h2 class="section-title">Automatic checks</h2>
    <p>axe-core {site:axe/@version} runs in {site:axe/@browser} with the rules tagged
      <xsl:for-each select="site:tag"><code>{.}</code><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
      (WCAG 2.0 and 2.1, levels A and AA), and must find no violation, on these kinds of page:</p>
    <ul>
      <xsl:for-each select="site:kind"><li>{.}</li></xsl:for-each>
    </ul>
    <h2 class="section-title">Keyboard</h2>
    <p>Using the keyboard only, in the same browser:</p>
    <ul>
      <xsl:for-each select="site:key"><li>{.}.</li></xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:function name="site:kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="te:msg('kind.' || (if ($kind = ('person', 'place', 'org')) then $kind else 'bibl'))"/>
  </xsl:function>

  <xsl:function name="site:kind-page" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(if ($kind = 'person') then 'persons' else if ($kind = 'place') then 'places'
        else if ($kind = 'org') then 'organisations' else 'bibliography') || '.html'"/>
  </xsl:function>
</xsl:stylesheet>
